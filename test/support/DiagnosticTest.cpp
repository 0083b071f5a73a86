// Diagnostics render like a compiler's; source offsets map to 1-based line and column.
#include "ffquant/support/Diagnostic.h"
#include "ffquant/support/FileWriter.h"
#include "ffquant/support/SourceFile.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

using namespace ffquant;

TEST_CASE("diagnostics print as file:line:col: severity: message", "[support]") {
  Diagnostic d = Diagnostic::error({"model.py", 3, 7}, "unexpected indent");
  d.notes.push_back(Diagnostic::note({"model.py", 1, 1}, "block starts here"));
  CHECK(formatDiagnostic(d) == "model.py:3:7: error: unexpected indent\nmodel.py:1:1: note: block starts here\n");
  CHECK(formatDiagnostic(Diagnostic::warning({"m.py", 2, 0}, "skipped")) == "m.py:2: warning: skipped\n");
  CHECK(formatDiagnostic(Diagnostic::error({}, "no input")) == "ffquant: error: no input\n");
  DiagnosticSink sink;
  sink.report(Diagnostic::warning({}, "w"));
  CHECK_FALSE(sink.hasErrors());
  sink.report(d);
  CHECK(sink.hasErrors());
  CHECK(sink.errorCount() == 1);
  CHECK(sink.warningCount() == 1);
}

TEST_CASE("source offsets map to lines and columns", "[support]") {
  SourceFile file("f.py", "ab\ncd\n\nx");
  CHECK(file.locationOf(0).line == 1);
  CHECK(file.locationOf(1).column == 2);
  CHECK(file.locationOf(3).line == 2);
  CHECK(file.locationOf(3).column == 1);
  CHECK(file.locationOf(7).line == 4);
}

TEST_CASE("#line directives map locations back to the files they name, when asked to", "[support]") {
  // What the C++ frontend parses when it inlines net.h into net.cpp at line 2.
  const std::string text = "#include <torch/torch.h>\n"
                           "#line 1 \"dir/net.h\"\n"
                           "struct Net {};\n"
                           "int x;\n"
                           "#line 3 \"net.cpp\"\n"
                           "int y;\n";
  const std::size_t y = text.find("int y");
  const std::size_t x = text.find("int x");
  SourceFile plain("net.cpp", text);
  CHECK(plain.locationOf(y).line == 6);  // physical lines unless asked
  SourceFile mapped("net.cpp", text);
  mapped.honorLineDirectives();
  CHECK(mapped.locationOf(0).file == "net.cpp");
  CHECK(mapped.locationOf(0).line == 1);
  CHECK(mapped.locationOf(x).file == "dir/net.h");
  CHECK(mapped.locationOf(x).line == 2);
  CHECK(mapped.locationOf(y).file == "net.cpp");
  CHECK(mapped.locationOf(y).line == 3);
  CHECK(mapped.locationOf(y + 4).column == 5);
  // Not a directive: a comment that merely starts alike, a missing quote.
  SourceFile notDirectives("m.py", "#line 1 x\n#line one \"f\"\nz\n");
  notDirectives.honorLineDirectives();
  CHECK(notDirectives.locationOf(notDirectives.text().find('z')).line == 3);
  CHECK(notDirectives.locationOf(notDirectives.text().find('z')).file == "m.py");
}

TEST_CASE("outputs are written atomically and never overwritten without permission", "[support]") {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / "ffquant-writer-test";
  fs::remove_all(dir);
  std::string path = (dir / "sub" / "out.py").string();
  DiagnosticSink sink;
  REQUIRE(writeFileAtomically(path, "first\n", OverwritePolicy::Refuse, sink));
  CHECK_FALSE(writeFileAtomically(path, "second\n", OverwritePolicy::Refuse, sink));
  CHECK(sink.errorCount() == 1);
  std::ifstream in(path);
  std::string content((std::istreambuf_iterator<char>(in)), {});
  CHECK(content == "first\n");
  REQUIRE(writeFileAtomically(path, "second\n", OverwritePolicy::Replace, sink));
  std::ifstream again(path);
  CHECK(std::string((std::istreambuf_iterator<char>(again)), {}) == "second\n");
  CHECK(std::distance(fs::directory_iterator(dir / "sub"), fs::directory_iterator()) == 1);
  fs::remove_all(dir);
}
