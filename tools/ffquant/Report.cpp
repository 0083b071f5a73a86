// The --report JSON: per file the classes converted, the quantizers with the source location of
// what they quantize, the functions left as written and why, diagnostics and timings.
#include "Report.h"

#include <cstdio>
#include <map>

#ifndef FFQUANT_VERSION
#define FFQUANT_VERSION "unknown"
#endif

namespace ffquant::tools {

std::string jsonString(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
    case '"': out += "\\\""; break;
    case '\\': out += "\\\\"; break;
    case '\n': out += "\\n"; break;
    case '\t': out += "\\t"; break;
    case '\r': out += "\\r"; break;
    default:
      if (static_cast<unsigned char>(c) < 0x20) {
        char buffer[8];
        std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
        out += buffer;
      } else {
        out += c;
      }
    }
  }
  return out + "\"";
}

namespace {

std::string seconds(double s) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.6f", s);
  return buffer;
}

std::string location(const SourceLocation& l) {
  return "\"file\": " + jsonString(l.file) + ", \"line\": " + std::to_string(l.line) +
         ", \"column\": " + std::to_string(l.column);
}

const char* severityName(Severity s) {
  switch (s) {
  case Severity::Error: return "error";
  case Severity::Warning: return "warning";
  case Severity::Note: return "note";
  }
  return "error";
}

template <typename T, typename F> std::string list(const std::vector<T>& items, F render, const char* indent) {
  if (items.empty()) return "[]";
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i)
    out += std::string(i ? "," : "") + "\n" + indent + "  " + render(items[i]);
  return out + "\n" + indent + "]";
}

} // namespace

std::string renderFileReport(const Job& job, const std::string& status, const std::string& skipReason,
                             const analysis::ConversionReport* report, const std::vector<Diagnostic>& diagnostics,
                             double elapsed) {
  const char* in = "    ";
  std::string out = "{\n";
  out += std::string(in) + "\"inputs\": " +
         list(job.inputs, [](const std::string& s) { return jsonString(s); }, in) + ",\n";
  out += std::string(in) + "\"output\": " + jsonString(job.output) + ",\n";
  out += std::string(in) + "\"language\": \"" +
         (job.language == InputLanguage::Python ? "python" : job.language == InputLanguage::Cpp ? "c++" : "unknown") +
         "\",\n";
  out += std::string(in) + "\"status\": " + jsonString(status) + ",\n";
  if (!skipReason.empty()) out += std::string(in) + "\"skip_reason\": " + jsonString(skipReason) + ",\n";
  analysis::ConversionReport empty;
  const analysis::ConversionReport& r = report ? *report : empty;
  out += std::string(in) + "\"classes\": " + list(r.classes, [](const analysis::ReportedClass& c) {
    return "{\"name\": " + jsonString(c.name) + ", \"quantized\": " + jsonString(c.emittedName) +
           ", \"quantizers\": " + std::to_string(c.quantizers) + ", " + location(c.location) + "}";
  }, in) + ",\n";
  out += std::string(in) + "\"helpers\": " + list(r.helpers, [](const analysis::ReportedHelper& h) {
    return "{\"name\": " + jsonString(h.name) + ", \"quantized\": " + jsonString(h.emittedName) +
           ", \"quantizers\": " + std::to_string(h.quantizers) + ", " + location(h.location) + "}";
  }, in) + ",\n";
  out += std::string(in) + "\"quantizers\": " + list(r.quantizers, [](const analysis::ReportedQuantizer& q) {
    return "{\"name\": " + jsonString(q.name) + ", \"owner\": " + jsonString(q.owner) + ", \"role\": " +
           jsonString(analysis::roleName(q.role)) + ", " + location(q.location) + "}";
  }, in) + ",\n";
  out += std::string(in) + "\"skipped_functions\": " + list(r.skipped, [](const analysis::ReportedSkip& s) {
    return "{\"name\": " + jsonString(s.name) + ", \"reason\": " + jsonString(s.reason) + ", " + location(s.location) + "}";
  }, in) + ",\n";
  out += std::string(in) + "\"diagnostics\": " + list(diagnostics, [](const Diagnostic& d) {
    return "{\"severity\": \"" + std::string(severityName(d.severity)) + "\", \"code\": " + jsonString(d.code) +
           ", \"message\": " + jsonString(d.message) + ", " + location(d.location) + "}";
  }, in) + ",\n";
  out += std::string(in) + "\"seconds\": " + seconds(elapsed) + "\n  }";
  return out;
}

std::string renderRunReport(const std::vector<Job>& jobs, const std::vector<JobResult>& results, unsigned jobsOption,
                            bool batch, double elapsed) {
  std::map<std::string, int> statuses;
  std::int64_t classes = 0, helpers = 0, quantizers = 0;
  for (const JobResult& r : results) {
    ++statuses[r.status];
    classes += r.classes;
    helpers += r.helpers;
    quantizers += r.quantizers;
  }
  std::string out = "{\n";
  out += "  \"ffquant_version\": " + jsonString(FFQUANT_VERSION) + ",\n";
  out += "  \"batch\": " + std::string(batch ? "true" : "false") + ",\n";
  out += "  \"jobs\": " + std::to_string(jobsOption) + ",\n";
  out += "  \"seconds\": " + seconds(elapsed) + ",\n";
  out += "  \"summary\": {\"files\": " + std::to_string(jobs.size());
  for (const auto& [status, n] : statuses) out += ", " + jsonString(status) + ": " + std::to_string(n);
  out += ", \"classes\": " + std::to_string(classes) + ", \"helpers\": " + std::to_string(helpers) +
         ", \"quantizers\": " + std::to_string(quantizers) + "},\n";
  out += "  \"files\": [";
  for (std::size_t i = 0; i < results.size(); ++i) out += std::string(i ? ", " : "") + results[i].reportJson;
  out += "]\n}\n";
  return out;
}

} // namespace ffquant::tools
