// The job runner: forked worker processes that take jobs from a shared counter and send their
// results back through a pipe each. Processes, not threads: Clang/LLVM keep global state
// (command-line options, the loaded plugin) that is not safe to use from several threads, and a
// crash in one file must not take the others down.
#include "Jobs.h"

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <iostream>
#include <poll.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

namespace ffquant::tools {

namespace {

void putU64(std::string& out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}

bool getU64(const std::string& in, std::size_t& at, std::uint64_t& v) {
  if (at + 8 > in.size()) return false;
  v = 0;
  for (int i = 0; i < 8; ++i) v |= static_cast<std::uint64_t>(static_cast<unsigned char>(in[at + i])) << (8 * i);
  at += 8;
  return true;
}

void putString(std::string& out, const std::string& s) {
  putU64(out, s.size());
  out += s;
}

bool getString(const std::string& in, std::size_t& at, std::string& s) {
  std::uint64_t n = 0;
  if (!getU64(in, at, n) || at + n > in.size()) return false;
  s = in.substr(at, n);
  at += n;
  return true;
}

bool writeAll(int fd, const std::string& bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

// Messages from a worker: 'S' index (started a job), 'R' index payload (its result).
std::string message(char kind, std::size_t index, const std::string& payload = {}) {
  std::string m(1, kind);
  putU64(m, index);
  putString(m, payload);
  return m;
}

struct Worker {
  pid_t pid = -1;
  int fd = -1;
  std::string buffer;
  long current = -1; // the job it is running
};

} // namespace

std::string serialize(const JobResult& r) {
  std::string out;
  for (const std::string* s : {&r.status, &r.diagnostics, &r.out, &r.summary, &r.reportJson}) putString(out, *s);
  putU64(out, r.failed ? 1 : 0);
  for (std::int64_t v : {r.classes, r.helpers, r.quantizers, r.warnings}) putU64(out, static_cast<std::uint64_t>(v));
  putU64(out, static_cast<std::uint64_t>(r.seconds * 1e9));
  return out;
}

bool deserialize(const std::string& bytes, JobResult& r) {
  std::size_t at = 0;
  for (std::string* s : {&r.status, &r.diagnostics, &r.out, &r.summary, &r.reportJson})
    if (!getString(bytes, at, *s)) return false;
  std::uint64_t v = 0;
  if (!getU64(bytes, at, v)) return false;
  r.failed = v != 0;
  for (std::int64_t* field : {&r.classes, &r.helpers, &r.quantizers, &r.warnings}) {
    if (!getU64(bytes, at, v)) return false;
    *field = static_cast<std::int64_t>(v);
  }
  if (!getU64(bytes, at, v)) return false;
  r.seconds = static_cast<double>(v) / 1e9;
  return at == bytes.size();
}

void runJobs(std::size_t count, unsigned workers, const std::function<JobResult(std::size_t)>& run,
             const std::function<void(std::size_t, JobResult&&)>& done) {
  if (workers > count) workers = static_cast<unsigned>(count);
  if (workers <= 1) {
    for (std::size_t i = 0; i < count; ++i) done(i, run(i));
    return;
  }
  // The next job to take, shared by the workers.
  void* shared = ::mmap(nullptr, sizeof(std::atomic<std::uint64_t>), PROT_READ | PROT_WRITE,
                        MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (shared == MAP_FAILED) {
    for (std::size_t i = 0; i < count; ++i) done(i, run(i));
    return;
  }
  auto* next = new (shared) std::atomic<std::uint64_t>(0);
  std::cout.flush();
  std::cerr.flush();
  std::vector<Worker> pool;
  for (unsigned w = 0; w < workers; ++w) {
    int fds[2];
    if (::pipe(fds) != 0) break;
    pid_t pid = ::fork();
    if (pid < 0) {
      ::close(fds[0]);
      ::close(fds[1]);
      break;
    }
    if (pid == 0) {
      ::close(fds[0]);
      for (const Worker& other : pool) ::close(other.fd);
      std::signal(SIGPIPE, SIG_DFL);
      for (;;) {
        std::uint64_t i = next->fetch_add(1);
        if (i >= count) break;
        if (!writeAll(fds[1], message('S', i))) break;
        JobResult result = run(static_cast<std::size_t>(i));
        if (!writeAll(fds[1], message('R', i, serialize(result)))) break;
      }
      ::close(fds[1]);
      std::cout.flush();
      ::_exit(0);
    }
    ::close(fds[1]);
    Worker worker;
    worker.pid = pid;
    worker.fd = fds[0];
    pool.push_back(worker);
  }
  if (pool.empty()) { // no process could be started: do the work here
    for (std::uint64_t i = next->fetch_add(1); i < count; i = next->fetch_add(1)) done(i, run(i));
    ::munmap(shared, sizeof(std::atomic<std::uint64_t>));
    return;
  }

  std::size_t open = pool.size();
  while (open > 0) {
    std::vector<pollfd> fds;
    std::vector<Worker*> owners;
    for (Worker& w : pool)
      if (w.fd >= 0) {
        fds.push_back({w.fd, POLLIN, 0});
        owners.push_back(&w);
      }
    if (::poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (std::size_t k = 0; k < fds.size(); ++k) {
      if (!(fds[k].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      Worker& w = *owners[k];
      char chunk[65536];
      ssize_t n = ::read(w.fd, chunk, sizeof chunk);
      if (n < 0 && errno == EINTR) continue;
      if (n > 0) {
        w.buffer.append(chunk, static_cast<std::size_t>(n));
        // Complete messages: kind, index, length-prefixed payload.
        for (;;) {
          std::size_t at = 1;
          std::uint64_t index = 0;
          std::string payload;
          if (w.buffer.empty() || !getU64(w.buffer, at, index) || !getString(w.buffer, at, payload)) break;
          char kind = w.buffer[0];
          w.buffer.erase(0, at);
          if (kind == 'S') {
            w.current = static_cast<long>(index);
          } else {
            JobResult result;
            if (!deserialize(payload, result)) {
              result = JobResult();
              result.diagnostics = "a worker process sent a malformed result";
              result.crashed = true;
            }
            w.current = -1;
            done(static_cast<std::size_t>(index), std::move(result));
          }
        }
        continue;
      }
      // End of the pipe: the worker finished, or died in the middle of a job.
      ::close(w.fd);
      w.fd = -1;
      --open;
      int status = 0;
      while (::waitpid(w.pid, &status, 0) < 0 && errno == EINTR) {
      }
      if (w.current >= 0) {
        JobResult result;
        std::string how = WIFSIGNALED(status) ? std::string("was killed by signal ") + strsignal(WTERMSIG(status))
                                              : "exited with status " + std::to_string(WEXITSTATUS(status));
        result.diagnostics = "the worker process converting this file " + how;
        result.crashed = true;
        done(static_cast<std::size_t>(w.current), std::move(result));
        w.current = -1;
        // Its remaining share of the work is taken by the other workers; if none is left, the
        // jobs nobody took are run here.
      }
    }
  }
  for (std::uint64_t i = next->fetch_add(1); i < count; i = next->fetch_add(1)) done(i, run(i));
  ::munmap(shared, sizeof(std::atomic<std::uint64_t>));
}

} // namespace ffquant::tools
