// Lowers the Clang AST of a LibTorch source file into the shared syntax tree: module classes
// (subclasses of torch::nn::Module defined in the file), their methods, and the free functions
// of the file. Callees are resolved by Clang, so resolution is exact; types come from Clang too.
#include "ffquant/cpp/CppFrontend.h"

#include <clang/AST/ASTContext.h>
#include <clang/AST/DeclCXX.h>
#include <clang/AST/ExprCXX.h>
#include <clang/AST/RecursiveASTVisitor.h>
#include <clang/AST/StmtCXX.h>
#include <clang/Basic/SourceManager.h>
#include <clang/Frontend/ASTUnit.h>
#include <clang/Lex/Lexer.h>
#include <clang/Tooling/CompilationDatabase.h>
#include <clang/Tooling/Tooling.h>
#include <llvm/ADT/SmallString.h>

#include <cstdlib>
#include <fstream>
#include <unistd.h>
#include <cerrno>
#include <fcntl.h>
#include <sys/file.h>
#include <map>
#include <regex>
#include <set>
#include <sstream>

namespace ffquant::cpp {

using namespace ir;

namespace {

/// Clang's own diagnostics become ours, located in the user's file.
class DiagnosticForwarder : public clang::DiagnosticConsumer {
public:
  explicit DiagnosticForwarder(DiagnosticSink& sink) : sink_(sink) {}
  void HandleDiagnostic(clang::DiagnosticsEngine::Level level, const clang::Diagnostic& info) override {
    clang::DiagnosticConsumer::HandleDiagnostic(level, info);
    if (level < clang::DiagnosticsEngine::Error) return;
    llvm::SmallString<256> message;
    info.FormatDiagnostic(message);
    SourceLocation loc;
    if (info.hasSourceManager() && info.getLocation().isValid()) {
      clang::PresumedLoc p = info.getSourceManager().getPresumedLoc(info.getLocation());
      if (p.isValid()) loc = {p.getFilename(), p.getLine(), p.getColumn()};
    }
    sink_.report(Diagnostic::error(loc, std::string(message.str()), "clang"));
  }

private:
  DiagnosticSink& sink_;
};

bool derivesFromModule(const clang::CXXRecordDecl* record, int depth = 0) {
  if (!record || !record->hasDefinition() || depth > 32) return false;
  record = record->getDefinition();
  for (const clang::CXXBaseSpecifier& base : record->bases()) {
    const clang::CXXRecordDecl* b = base.getType()->getAsCXXRecordDecl();
    if (!b) continue;
    if (b->getQualifiedNameAsString() == "torch::nn::Module") return true;
    if (derivesFromModule(b, depth + 1)) return true;
  }
  return false;
}

bool isTensorType(clang::QualType type) {
  type = type.getNonReferenceType().getUnqualifiedType();
  const clang::CXXRecordDecl* r = type->getAsCXXRecordDecl();
  if (!r) return false;
  std::string q = r->getQualifiedNameAsString();
  return q == "at::Tensor" || q == "at::TensorBase" || q == "torch::autograd::Variable";
}

class Lowering {
public:
  /// `topLevel`: the declarations written in the main file. Walking the translation unit
  /// instead would deserialize every declaration of the torch PCH, which costs seconds.
  Lowering(clang::ASTContext& context, std::vector<clang::Decl*> topLevel, CppUnit& out)
      : ctx_(context), sm_(context.getSourceManager()), out_(out), unit_(*out.unit), tree_(unit_.tree),
        text_(unit_.text()), topLevel_(std::move(topLevel)) {}

  void run() {
    Node* module = tree_.make(Kind::Module, 0, static_cast<std::uint32_t>(text_.size()));
    Node* body = tree_.make(Kind::Block, 0, static_cast<std::uint32_t>(text_.size()));
    tree_.adopt(module, body, Role::Body);
    tree_.setRoot(module);
    // Classes first (so methods defined out of line find their class), then functions.
    std::vector<const clang::CXXRecordDecl*> records;
    std::vector<const clang::FunctionDecl*> functions;
    collect(topLevel_, records, functions);
    for (const clang::CXXRecordDecl* r : records) lowerClass(r);
    std::vector<std::pair<std::uint32_t, Node*>> topLevel;
    for (const clang::FunctionDecl* f : functions) {
      Node* fn = lowerFunction(f);
      if (!fn) continue;
      if (const auto* m = llvm::dyn_cast<clang::CXXMethodDecl>(f)) {
        for (ClassInfo& c : unit_.classes)
          if (c.name == m->getParent()->getNameAsString()) c.methods.push_back(fn);
      } else {
        unit_.functions[fn->text] = fn;
        unit_.globals[fn->text] = fn->text;
      }
      topLevel.emplace_back(fn->begin, fn);
    }
    // The module block holds every lowered function in source order (ranges must not overlap:
    // a class's inline methods are inside the class's range and are not separate children).
    std::sort(topLevel.begin(), topLevel.end(), [](auto& a, auto& b) { return a.first < b.first; });
    std::uint32_t lastEnd = 0;
    for (auto& [begin, fn] : topLevel) {
      if (begin < lastEnd) continue;
      tree_.adopt(body, fn, Role::Statement);
      lastEnd = fn->end;
    }
    collectIncludesAndHolders();
  }

private:
  // ----- locations -----

  bool inMainFile(clang::SourceLocation loc) const {
    return loc.isValid() && sm_.isInMainFile(sm_.getExpansionLoc(loc));
  }
  std::uint32_t offset(clang::SourceLocation loc) const {
    return sm_.getFileOffset(sm_.getExpansionLoc(loc));
  }
  std::uint32_t endOffset(clang::SourceLocation loc) const {
    clang::SourceLocation e = clang::Lexer::getLocForEndOfToken(sm_.getExpansionLoc(loc), 0, sm_, ctx_.getLangOpts());
    return sm_.getFileOffset(e);
  }
  bool rangeOf(clang::SourceRange r, std::uint32_t& b, std::uint32_t& e) const {
    if (!inMainFile(r.getBegin()) || !inMainFile(r.getEnd())) return false;
    if (r.getBegin().isMacroID() || r.getEnd().isMacroID()) return false;
    b = offset(r.getBegin());
    e = endOffset(r.getEnd());
    return b <= e && e <= text_.size();
  }
  /// Extends a simple statement to its terminating `;`.
  std::uint32_t throughSemicolon(std::uint32_t end) const {
    std::uint32_t i = end;
    while (i < text_.size() && (text_[i] == ' ' || text_[i] == '\t' || text_[i] == '\n' || text_[i] == '\r')) ++i;
    return i < text_.size() && text_[i] == ';' ? i + 1 : end;
  }

  Node* make(Kind k, std::uint32_t b, std::uint32_t e) { return tree_.make(k, b, e); }

  // ----- declarations -----

  template <class Decls>
  void collect(const Decls& decls, std::vector<const clang::CXXRecordDecl*>& records,
               std::vector<const clang::FunctionDecl*>& functions) {
    for (const clang::Decl* d : decls) {
      if (!inMainFile(d->getLocation())) continue;
      if (const auto* ns = llvm::dyn_cast<clang::NamespaceDecl>(d)) {
        collect(ns->decls(), records, functions);
        continue;
      }
      if (const auto* t = llvm::dyn_cast<clang::ClassTemplateDecl>(d)) d = t->getTemplatedDecl();
      if (const auto* r = llvm::dyn_cast<clang::CXXRecordDecl>(d)) {
        if (r->isThisDeclarationADefinition() && derivesFromModule(r)) {
          records.push_back(r);
          for (const clang::Decl* m : r->decls())
            if (const auto* f = llvm::dyn_cast<clang::FunctionDecl>(m))
              if (f->doesThisDeclarationHaveABody()) functions.push_back(f);
        }
      } else if (const auto* f = llvm::dyn_cast<clang::FunctionDecl>(d)) {
        if (f->doesThisDeclarationHaveABody()) functions.push_back(f);
      }
    }
  }

  std::string qualifiedName(const clang::NamedDecl* d) const { return d->getQualifiedNameAsString(); }

  void lowerClass(const clang::CXXRecordDecl* r) {
    ClassInfo info;
    info.name = r->getNameAsString();
    std::uint32_t b = 0, e = 0;
    // A class template is copied with its `template <...>` header.
    clang::SourceRange range = r->getSourceRange();
    if (const clang::ClassTemplateDecl* t = r->getDescribedClassTemplate()) range = t->getSourceRange();
    if (!rangeOf(range, b, e)) return;
    Node* cls = make(Kind::Class, b, e);
    cls->text = info.name;
    info.node = cls;
    CppClassFacts facts;
    facts.name = info.name;
    facts.begin = b;
    facts.end = throughSemicolon(e);
    facts.nameBegin = offset(r->getLocation());
    facts.bodyEnd = offset(r->getBraceRange().getEnd());
    for (const clang::DeclContext* dc = r->getDeclContext(); dc; dc = dc->getParent())
      if (const auto* ns = llvm::dyn_cast<clang::NamespaceDecl>(dc))
        facts.namespaces.insert(facts.namespaces.begin(), ns->getNameAsString());
    for (const clang::CXXBaseSpecifier& base : r->bases()) {
      const clang::CXXRecordDecl* bd = base.getType()->getAsCXXRecordDecl();
      std::string q = bd ? qualifiedName(bd) : "";
      info.bases.push_back(q);
      std::uint32_t bb = 0, be = 0;
      if ((q == "torch::nn::Module") && rangeOf(base.getTypeSourceInfo()->getTypeLoc().getSourceRange(), bb, be))
        facts.moduleBases.emplace_back(bb, be);
    }
    for (const clang::Decl* d : r->decls()) {
      if (const auto* c = llvm::dyn_cast<clang::CXXConstructorDecl>(d)) facts.constructorNames.push_back(offset(c->getLocation()));
      if (const auto* c = llvm::dyn_cast<clang::CXXDestructorDecl>(d)) facts.constructorNames.push_back(offset(c->getLocation()) + 1);
      if (const auto* f = llvm::dyn_cast<clang::FieldDecl>(d)) {
        // Submodule members tell the static module tree.
        if (const clang::CXXRecordDecl* t = f->getType()->getAsCXXRecordDecl())
          info.instantiated.push_back(implOf(t));
      }
    }
    // Out-of-line constructors in this file are renamed too.
    for (const clang::CXXConstructorDecl* c : r->ctors())
      for (const clang::FunctionDecl* redecl : c->redecls())
        if (redecl != c && inMainFile(redecl->getLocation())) facts.constructorNames.push_back(offset(redecl->getLocation()));
    for (const clang::CXXMethodDecl* m : r->methods()) {
      // Declarations keep matching their (rewritten) definitions: `const Tensor&` -> `Tensor`.
      for (const clang::FunctionDecl* redecl : m->redecls()) {
        recordConstTensorParams(redecl);
        if (redecl->getLexicalDeclContext() != r && redecl->doesThisDeclarationHaveABody() &&
            inMainFile(redecl->getLocation())) {
          std::uint32_t ob = 0, oe = 0;
          if (rangeOf(redecl->getSourceRange(), ob, oe)) facts.outOfLine.emplace_back(ob, oe);
        }
      }
    }
    unit_.classes.push_back(std::move(info));
    out_.classes.push_back(std::move(facts));
  }

  /// The Impl class behind a module holder type (`Block` -> `BlockImpl`), else the class itself.
  std::string implOf(const clang::CXXRecordDecl* t) const {
    if (!t->hasDefinition()) return t->getNameAsString();
    for (const clang::CXXBaseSpecifier& base : t->getDefinition()->bases()) {
      const auto* spec = llvm::dyn_cast_or_null<clang::ClassTemplateSpecializationDecl>(base.getType()->getAsCXXRecordDecl());
      if (spec && spec->getQualifiedNameAsString() == "torch::nn::ModuleHolder" && spec->getTemplateArgs().size() == 1) {
        if (const clang::CXXRecordDecl* impl = spec->getTemplateArgs()[0].getAsType()->getAsCXXRecordDecl())
          return impl->getNameAsString();
      }
    }
    return t->getNameAsString();
  }

  Node* lowerFunction(const clang::FunctionDecl* f) {
    std::uint32_t b = 0, e = 0;
    if (!rangeOf(f->getSourceRange(), b, e)) return nullptr;
    Node* fn = make(Kind::Function, b, e);
    fn->text = f->getNameAsString();
    if (const auto* m = llvm::dyn_cast<clang::CXXMethodDecl>(f))
      if (m->isStatic()) fn->flags |= FunctionStaticMethod;
    for (const clang::ParmVarDecl* p : f->parameters()) {
      std::uint32_t pb = 0, pe = 0;
      if (!rangeOf(p->getSourceRange(), pb, pe)) continue;
      Node* param = make(Kind::Parameter, pb, pe);
      param->text = p->getNameAsString();
      param->flags = ParamRegular;
      tree_.adopt(fn, param, Role::Parameter);
      unit_.staticTypes[param] = typeCode(p->getType());
    }
    recordConstTensorParams(f);
    const clang::Stmt* body = f->getBody();
    Node* block = body ? lowerBlock(body) : nullptr;
    if (block) tree_.adopt(fn, block, Role::Body);
    return fn;
  }

  /// `const at::Tensor&` parameters of `f`, to become by-value so they can be reassigned.
  void recordConstTensorParams(const clang::FunctionDecl* f) {
    for (const clang::ParmVarDecl* p : f->parameters()) {
      if (!p->getType()->isReferenceType() || !p->getType().getNonReferenceType().isConstQualified() ||
          !isTensorType(p->getType()) || !p->getTypeSourceInfo())
        continue;
      std::uint32_t tb = 0, te = 0;
      if (!rangeOf(p->getTypeSourceInfo()->getTypeLoc().getSourceRange(), tb, te)) continue;
      // The TypeLoc of `const T&` starts after `const`: take the qualifier in.
      std::uint32_t k = tb;
      while (k > 0 && (text_[k - 1] == ' ' || text_[k - 1] == '\t')) --k;
      if (k >= 5 && text_.compare(k - 5, 5, "const") == 0) tb = k - 5;
      std::pair<std::uint32_t, std::uint32_t> range{tb, te};
      if (std::find(out_.constTensorRefParams.begin(), out_.constTensorRefParams.end(), range) ==
          out_.constTensorRefParams.end())
        out_.constTensorRefParams.push_back(range);
    }
  }

  char typeCode(clang::QualType t) const {
    if (isTensorType(t)) return 't';
    clang::QualType u = t.getNonReferenceType();
    if (u->isArithmeticType() || u->isEnumeralType()) return 's';
    if (const clang::CXXRecordDecl* r = u->getAsCXXRecordDecl()) {
      std::string q = r->getQualifiedNameAsString();
      if ((q == "std::vector" || q == "c10::ArrayRef" || q == "c10::List") )
        if (const auto* spec = llvm::dyn_cast<clang::ClassTemplateSpecializationDecl>(r))
          if (spec->getTemplateArgs().size() >= 1 && spec->getTemplateArgs()[0].getKind() == clang::TemplateArgument::Type &&
              isTensorType(spec->getTemplateArgs()[0].getAsType()))
            return 'l';
    }
    return 'o';
  }

  // ----- statements -----

  Node* lowerBlock(const clang::Stmt* s) {
    std::uint32_t b = 0, e = 0;
    if (const auto* compound = llvm::dyn_cast<clang::CompoundStmt>(s)) {
      if (!rangeOf(compound->getSourceRange(), b, e)) return nullptr;
      // The block's range is inside the braces, so copied text keeps them in the parent's gaps.
      Node* block = make(Kind::Block, b + 1, e - 1);
      for (const clang::Stmt* child : compound->body())
        if (Node* n = lowerStatement(child)) {
          if (n->begin < block->begin || n->end > block->end) continue;
          if (!block->children.empty() && n->begin < block->children.back()->end) continue;
          tree_.adopt(block, n, Role::Statement);
        }
      return block;
    }
    // A single statement without braces: an inline block (the emitter adds braces if it grows).
    Node* n = lowerStatement(s);
    if (!n) return nullptr;
    Node* block = make(Kind::Block, n->begin, n->end);
    block->flags |= BlockInline;
    tree_.adopt(block, n, Role::Statement);
    return block;
  }

  Node* lowerStatement(const clang::Stmt* s) {
    std::uint32_t b = 0, e = 0;
    if (!s || !rangeOf(s->getSourceRange(), b, e)) return nullptr;
    if (const auto* ds = llvm::dyn_cast<clang::DeclStmt>(s)) {
      if (ds->isSingleDecl())
        if (const auto* var = llvm::dyn_cast<clang::VarDecl>(ds->getSingleDecl()))
          if (const clang::Expr* init = var->getInit()) {
            Node* assign = make(Kind::Assign, b, throughSemicolon(e));
            std::uint32_t nb = offset(var->getLocation());
            Node* target = make(Kind::Name, nb, nb + static_cast<std::uint32_t>(var->getNameAsString().size()));
            target->text = var->getNameAsString();
            unit_.staticTypes[target] = typeCode(var->getType());
            tree_.adopt(assign, target, Role::Target);
            Node* value = lowerExpr(init);
            if (value && value->begin >= target->end) tree_.adopt(assign, value, Role::Value);
            else if (!value) return make(Kind::OtherStmt, b, throughSemicolon(e));
            return assign;
          }
      return make(Kind::OtherStmt, b, throughSemicolon(e));
    }
    if (const auto* r = llvm::dyn_cast<clang::ReturnStmt>(s)) {
      Node* ret = make(Kind::Return, b, throughSemicolon(e));
      if (const clang::Expr* v = r->getRetValue())
        if (Node* value = lowerExpr(v)) tree_.adopt(ret, value, Role::Value);
      return ret;
    }
    if (const auto* i = llvm::dyn_cast<clang::IfStmt>(s)) {
      Node* node = make(Kind::If, b, e);
      lowerIfChain(i, node);
      return node;
    }
    if (const auto* f = llvm::dyn_cast<clang::CXXForRangeStmt>(s)) {
      Node* node = make(Kind::For, b, e);
      const clang::VarDecl* var = f->getLoopVariable();
      std::uint32_t nb = offset(var->getLocation());
      Node* target = make(Kind::Name, nb, nb + static_cast<std::uint32_t>(var->getNameAsString().size()));
      target->text = var->getNameAsString();
      unit_.staticTypes[target] = typeCode(var->getType());
      tree_.adopt(node, target, Role::Target);
      if (Node* iter = lowerExpr(f->getRangeInit())) tree_.adopt(node, iter, Role::Iter);
      if (Node* body = lowerBlock(f->getBody())) tree_.adopt(node, body, Role::Body);
      return node;
    }
    if (const auto* f = llvm::dyn_cast<clang::ForStmt>(s)) {
      Node* node = make(Kind::While, b, e);
      if (f->getCond())
        if (Node* test = lowerExpr(f->getCond())) tree_.adopt(node, test, Role::Test);
      if (Node* body = lowerBlock(f->getBody())) tree_.adopt(node, body, Role::Body);
      return node;
    }
    if (const auto* w = llvm::dyn_cast<clang::WhileStmt>(s)) {
      Node* node = make(Kind::While, b, e);
      if (Node* test = lowerExpr(w->getCond())) tree_.adopt(node, test, Role::Test);
      if (Node* body = lowerBlock(w->getBody())) tree_.adopt(node, body, Role::Body);
      return node;
    }
    if (llvm::isa<clang::BreakStmt>(s)) return make(Kind::Break, b, throughSemicolon(e));
    if (llvm::isa<clang::ContinueStmt>(s)) return make(Kind::Continue, b, throughSemicolon(e));
    if (llvm::isa<clang::CompoundStmt>(s)) {
      Node* other = make(Kind::OtherStmt, b, e);
      if (Node* block = lowerBlock(s)) tree_.adopt(other, block, Role::Body);
      return other;
    }
    if (const auto* expr = llvm::dyn_cast<clang::Expr>(s)) return lowerExpressionStatement(expr, b, throughSemicolon(e));
    return make(Kind::OtherStmt, b, e);
  }

  void lowerIfChain(const clang::IfStmt* i, Node* node) {
    std::uint32_t b = 0, e = 0;
    rangeOf(i->getSourceRange(), b, e);
    Node* branch = make(Kind::IfBranch, b, e);
    if (Node* test = lowerExpr(i->getCond())) tree_.adopt(branch, test, Role::Test);
    if (Node* body = lowerBlock(i->getThen())) tree_.adopt(branch, body, Role::Body);
    if (!branch->children.empty()) branch->end = branch->children.back()->end;
    tree_.adopt(node, branch, Role::Branch);
    if (const clang::Stmt* otherwise = i->getElse()) {
      if (const auto* elseIf = llvm::dyn_cast<clang::IfStmt>(otherwise)) {
        lowerIfChain(elseIf, node);
      } else {
        std::uint32_t eb = 0, ee = 0;
        if (!rangeOf(otherwise->getSourceRange(), eb, ee)) return;
        Node* elseBranch = make(Kind::IfBranch, eb, ee);
        if (Node* body = lowerBlock(otherwise)) tree_.adopt(elseBranch, body, Role::Body);
        elseBranch->begin = elseBranch->children.empty() ? eb : elseBranch->children.front()->begin;
        tree_.adopt(node, elseBranch, Role::Else);
      }
    }
  }

  Node* lowerExpressionStatement(const clang::Expr* expr, std::uint32_t b, std::uint32_t e) {
    const clang::Expr* x = expr->IgnoreImplicit();
    if (const auto* op = llvm::dyn_cast<clang::CXXOperatorCallExpr>(x)) {
      clang::OverloadedOperatorKind k = op->getOperator();
      if (k == clang::OO_Equal && op->getNumArgs() == 2) {
        Node* assign = make(Kind::Assign, b, e);
        Node* target = lowerExpr(op->getArg(0));
        Node* value = lowerExpr(op->getArg(1));
        if (target && value) {
          tree_.adopt(assign, target, Role::Target);
          tree_.adopt(assign, value, Role::Value);
          return assign;
        }
      }
      std::string compound = compoundOperator(k);
      if (!compound.empty() && op->getNumArgs() == 2 && isTensorType(op->getArg(0)->getType())) {
        Node* aug = make(Kind::AugAssign, b, e);
        aug->text = compound;
        Node* target = lowerExpr(op->getArg(0));
        Node* value = lowerExpr(op->getArg(1));
        if (target && value) {
          tree_.adopt(aug, target, Role::Target);
          tree_.adopt(aug, value, Role::Value);
          return aug;
        }
      }
    }
    Node* stmt = make(Kind::ExprStmt, b, e);
    if (Node* value = lowerExpr(expr)) tree_.adopt(stmt, value, Role::Value);
    return stmt;
  }

  static std::string binaryOperator(clang::OverloadedOperatorKind k) {
    switch (k) {
    case clang::OO_Plus: return "+";
    case clang::OO_Minus: return "-";
    case clang::OO_Star: return "*";
    case clang::OO_Slash: return "/";
    case clang::OO_Percent: return "%";
    case clang::OO_Amp: return "&";
    case clang::OO_Pipe: return "|";
    case clang::OO_Caret: return "^";
    case clang::OO_LessLess: return "<<";
    case clang::OO_GreaterGreater: return ">>";
    default: return {};
    }
  }

  static std::string compoundOperator(clang::OverloadedOperatorKind k) {
    switch (k) {
    case clang::OO_PlusEqual: return "+";
    case clang::OO_MinusEqual: return "-";
    case clang::OO_StarEqual: return "*";
    case clang::OO_SlashEqual: return "/";
    case clang::OO_PercentEqual: return "%";
    case clang::OO_AmpEqual: return "&";
    case clang::OO_PipeEqual: return "|";
    case clang::OO_CaretEqual: return "^";
    default: return {};
    }
  }

  // ----- expressions -----

  /// Skips what the source does not spell: implicit casts, temporaries, elided copies.
  static const clang::Expr* skipImplicit(const clang::Expr* e) {
    while (true) {
      const clang::Expr* before = e;
      e = e->IgnoreImplicit();
      if (const auto* c = llvm::dyn_cast<clang::CXXConstructExpr>(e))
        if (c->getNumArgs() == 1 && (c->isElidable() || c->getConstructor()->isCopyOrMoveConstructor() ||
                                     c->getParenOrBraceRange().isInvalid()))
          e = c->getArg(0);
      if (const auto* m = llvm::dyn_cast<clang::MaterializeTemporaryExpr>(e)) e = m->getSubExpr();
      if (const auto* cast = llvm::dyn_cast<clang::ImplicitCastExpr>(e)) e = cast->getSubExpr();
      if (e == before) return e;
    }
  }

  Node* withType(Node* n, const clang::Expr* e) {
    if (n) unit_.staticTypes[n] = typeCode(e->getType());
    return n;
  }

  /// `this->weight` or an implicit `weight`: an attribute of the module, spelled `self.weight`
  /// in names so that C++ and Python twins name their quantizers alike.
  Node* memberOfThis(const clang::MemberExpr* m, std::uint32_t b, std::uint32_t e) {
    Node* attr = make(Kind::Attribute, b, e);
    attr->text = m->getMemberNameInfo().getAsString();
    std::uint32_t rb = b;
    std::uint32_t re = m->isImplicitAccess() ? b : offset(m->getMemberLoc());
    if (!m->isImplicitAccess()) {
      // `this->`: the receiver is `this` up to the arrow
      re = b + 4;
    }
    Node* self = make(Kind::Name, rb, re);
    self->text = "this";
    tree_.adopt(attr, self, Role::Receiver);
    unit_.canonicalText[attr] = "self." + attr->text;
    return attr;
  }

  Node* lowerArguments(Node* call, const clang::Expr* const* args, unsigned count) {
    for (unsigned i = 0; i < count; ++i) {
      if (llvm::isa<clang::CXXDefaultArgExpr>(args[i])) continue;
      Node* value = lowerExpr(args[i]);
      if (!value) continue;
      if (!call->children.empty() && value->begin < call->children.back()->end) continue;
      Node* arg = make(Kind::Argument, value->begin, value->end);
      tree_.adopt(arg, value, Role::Value);
      tree_.adopt(call, arg, Role::Argument);
    }
    return call;
  }

  Node* lowerExpr(const clang::Expr* expr) {
    if (!expr) return nullptr;
    const clang::Expr* e = skipImplicit(expr);
    std::uint32_t b = 0, end = 0;
    if (!rangeOf(e->getSourceRange(), b, end)) return nullptr;

    if (const auto* p = llvm::dyn_cast<clang::ParenExpr>(e)) {
      Node* inner = lowerExpr(p->getSubExpr());
      if (inner) {
        inner->begin = b;
        inner->end = end;
      }
      return inner;
    }
    if (const auto* d = llvm::dyn_cast<clang::DeclRefExpr>(e)) {
      Node* n = make(Kind::Name, b, end);
      n->text = d->getDecl()->getNameAsString();
      if (llvm::isa<clang::FunctionDecl>(d->getDecl())) n->text = unit_.textOf(n);
      return withType(n, e);
    }
    if (const auto* m = llvm::dyn_cast<clang::MemberExpr>(e)) {
      const clang::Expr* base = skipImplicit(m->getBase());
      if (llvm::isa<clang::CXXThisExpr>(base)) return withType(memberOfThis(m, b, end), e);
      Node* attr = make(Kind::Attribute, b, end);
      attr->text = m->getMemberNameInfo().getAsString();
      if (Node* receiver = lowerExpr(m->getBase())) tree_.adopt(attr, receiver, Role::Receiver);
      else return withType(make(Kind::OtherExpr, b, end), e);
      return withType(attr, e);
    }
    if (llvm::isa<clang::IntegerLiteral>(e) || llvm::isa<clang::FloatingLiteral>(e)) {
      Node* n = make(Kind::Literal, b, end);
      n->flags = LiteralNumber;
      return withType(n, e);
    }
    if (llvm::isa<clang::StringLiteral>(e)) {
      Node* n = make(Kind::Literal, b, end);
      n->flags = LiteralString;
      return withType(n, e);
    }
    if (llvm::isa<clang::CXXBoolLiteralExpr>(e)) {
      Node* n = make(Kind::Literal, b, end);
      n->flags = LiteralBool;
      return withType(n, e);
    }
    if (llvm::isa<clang::CXXNullPtrLiteralExpr>(e)) {
      Node* n = make(Kind::Literal, b, end);
      n->flags = LiteralNone;
      return withType(n, e);
    }
    if (const auto* op = llvm::dyn_cast<clang::CXXOperatorCallExpr>(e)) {
      clang::OverloadedOperatorKind k = op->getOperator();
      std::string sym = binaryOperator(k);
      if (!sym.empty() && op->getNumArgs() == 2) {
        Node* n = make(Kind::BinaryOp, b, end);
        n->text = sym;
        Node* left = lowerExpr(op->getArg(0));
        Node* right = lowerExpr(op->getArg(1));
        if (left && right && left->end <= right->begin) {
          tree_.adopt(n, left, Role::Left);
          tree_.adopt(n, right, Role::Right);
          return withType(n, e);
        }
      }
      if ((k == clang::OO_Minus || k == clang::OO_Plus || k == clang::OO_Tilde) && op->getNumArgs() == 1) {
        Node* n = make(Kind::UnaryOp, b, end);
        n->text = k == clang::OO_Minus ? "-" : k == clang::OO_Plus ? "+" : "~";
        if (Node* operand = lowerExpr(op->getArg(0))) {
          tree_.adopt(n, operand, Role::Operand);
          return withType(n, e);
        }
      }
      if (k == clang::OO_Call && op->getNumArgs() >= 1) {
        // `fc(x)`: a submodule (or any callable object) called.
        Node* call = make(Kind::Call, b, end);
        Node* callee = lowerExpr(op->getArg(0));
        if (!callee) callee = make(Kind::OtherExpr, b, b);
        tree_.adopt(call, callee, Role::Callee);
        lowerArguments(call, op->getArgs() + 1, op->getNumArgs() - 1);
        ResolvedCallee r;
        r.kind = ResolvedCallee::Kind::Unresolved;
        r.spelled = unit_.textOf(callee);
        unit_.callees[call] = r;
        return withType(call, e);
      }
    }
    if (const auto* mc = llvm::dyn_cast<clang::CXXMemberCallExpr>(e)) {
      const auto* me = llvm::dyn_cast<clang::MemberExpr>(mc->getCallee()->IgnoreParens());
      const clang::CXXMethodDecl* method = mc->getMethodDecl();
      if (me && method) {
        Node* call = make(Kind::Call, b, end);
        ResolvedCallee r;
        const clang::Expr* object = skipImplicit(me->getBase());
        Node* callee = nullptr;
        if (llvm::isa<clang::CXXThisExpr>(object)) {
          std::uint32_t cb = 0, ce = 0;
          rangeOf(me->getSourceRange(), cb, ce);
          callee = memberOfThis(me, cb, ce);
          r.kind = ResolvedCallee::Kind::SelfMethod;
          r.name = method->getNameAsString();
        } else {
          std::uint32_t cb = 0, ce = 0;
          rangeOf(me->getSourceRange(), cb, ce);
          Node* receiver = lowerExpr(me->getBase());
          if (isTensorType(object->getType()) && receiver) {
            callee = make(Kind::Attribute, cb, ce);
            callee->text = method->getNameAsString();
            tree_.adopt(callee, receiver, Role::Receiver);
            r.kind = ResolvedCallee::Kind::TensorMethod;
            r.name = callee->text;
          } else {
            // `fc->forward(x)` and methods of other objects: opaque, unresolved.
            callee = make(Kind::OtherExpr, cb, ce);
            r.kind = ResolvedCallee::Kind::Unresolved;
          }
        }
        tree_.adopt(call, callee, Role::Callee);
        lowerArguments(call, mc->getArgs(), mc->getNumArgs());
        r.spelled = unit_.textOf(callee);
        unit_.callees[call] = r;
        return withType(call, e);
      }
    }
    if (const auto* c = llvm::dyn_cast<clang::CallExpr>(e)) {
      if (const clang::FunctionDecl* f = c->getDirectCallee()) {
        if (!llvm::isa<clang::CXXMethodDecl>(f) && !llvm::isa<clang::CXXOperatorCallExpr>(c)) {
          Node* call = make(Kind::Call, b, end);
          std::uint32_t cb = 0, ce = 0;
          Node* callee = nullptr;
          if (rangeOf(c->getCallee()->getSourceRange(), cb, ce)) {
            callee = make(Kind::Name, cb, ce);
            callee->text = unit_.textOf(callee);
          } else {
            callee = make(Kind::OtherExpr, b, b);
          }
          tree_.adopt(call, callee, Role::Callee);
          lowerArguments(call, c->getArgs(), c->getNumArgs());
          ResolvedCallee r;
          r.kind = ResolvedCallee::Kind::Global;
          // Functions of this file are helpers, known by their plain name.
          r.qualifiedName = inMainFile(f->getLocation()) ? f->getNameAsString() : qualifiedName(f);
          r.spelled = callee->text;
          unit_.callees[call] = r;
          return withType(call, e);
        }
      }
    }
    if (const auto* cond = llvm::dyn_cast<clang::ConditionalOperator>(e)) {
      Node* n = make(Kind::Conditional, b, end);
      Node* test = lowerExpr(cond->getCond());
      Node* yes = lowerExpr(cond->getTrueExpr());
      Node* no = lowerExpr(cond->getFalseExpr());
      if (test && yes && no) {
        tree_.adopt(n, test, Role::Test);
        tree_.adopt(n, yes, Role::Value);
        tree_.adopt(n, no, Role::Else);
        return withType(n, e);
      }
    }
    // Anything else: keep the sub-expressions so calls inside are still seen.
    Node* other = make(Kind::OtherExpr, b, end);
    other->text = e->getStmtClassName();
    for (const clang::Stmt* child : e->children()) {
      const auto* ce = llvm::dyn_cast_or_null<clang::Expr>(child);
      if (!ce || llvm::isa<clang::CXXDefaultArgExpr>(ce)) continue;
      Node* n = lowerExpr(ce);
      if (!n || n->begin < b || n->end > end) continue;
      if (!other->children.empty() && n->begin < other->children.back()->end) continue;
      tree_.adopt(other, n, Role::Element);
    }
    return withType(other, e);
  }

  // ----- types to rename, includes, TORCH_MODULE holders -----

  void collectIncludesAndHolders() {
    // The file's indentation step: the first line indented deeper than a line ending in `{`.
    std::istringstream lines(text_);
    std::string previous;
    for (std::string line; std::getline(lines, line); previous = line) {
      std::size_t last = previous.find_last_not_of(" \t\r");
      if (last == std::string::npos || previous[last] != '{') continue;
      std::size_t outer = previous.find_first_not_of(" \t");
      std::size_t inner = line.find_first_not_of(" \t");
      std::size_t end = line.find_last_not_of(" \t\r");
      if (end != std::string::npos && line[end] == ':') continue; // `public:` is indented less
      if (inner != std::string::npos && inner > outer) {
        unit_.indentUnit = line.substr(outer, inner - outer);
        break;
      }
    }
    std::istringstream in(text_);
    for (std::string line; std::getline(in, line);) {
      std::size_t first = line.find_first_not_of(" \t");
      if (first != std::string::npos && line.compare(first, 8, "#include") == 0) out_.includes.push_back(line.substr(first));
    }
    std::regex holder(R"(TORCH_MODULE\s*\(\s*([A-Za-z_][A-Za-z0-9_]*)\s*\))");
    for (auto it = std::sregex_iterator(text_.begin(), text_.end(), holder); it != std::sregex_iterator(); ++it) {
      std::string name = (*it)[1];
      for (CppClassFacts& c : out_.classes)
        if (c.name == name + "Impl") c.holderName = name;
    }
  }

  clang::ASTContext& ctx_;
  clang::SourceManager& sm_;
  CppUnit& out_;
  SourceUnit& unit_;
  SyntaxTree& tree_;
  const std::string& text_;
  std::vector<clang::Decl*> topLevel_;
};

/// Records every spelled type in the main file that names a module class, a module holder or a
/// standard torch::nn module, for the emitter to map to its quantized counterpart.
class TypeCollector : public clang::RecursiveASTVisitor<TypeCollector> {
public:
  TypeCollector(clang::ASTContext& ctx, CppUnit& out) : ctx_(ctx), sm_(ctx.getSourceManager()), out_(out) {}

  /// Free functions of the file returning a module type, and where they are called.
  bool VisitFunctionDecl(clang::FunctionDecl* f) {
    if (llvm::isa<clang::CXXMethodDecl>(f) || !f->doesThisDeclarationHaveABody()) return true;
    if (!sm_.isInMainFile(f->getLocation()) || f->getLocation().isMacroID()) return true;
    const clang::CXXRecordDecl* r = f->getReturnType()->getAsCXXRecordDecl();
    if (!r || !(derivesFromModule(r) || isHolder(r))) return true;
    ModuleFactory& factory = factory_(f);
    factory.begin = sm_.getFileOffset(f->getBeginLoc());
    factory.end = sm_.getFileOffset(clang::Lexer::getLocForEndOfToken(f->getEndLoc(), 0, sm_, ctx_.getLangOpts()));
    factory.nameBegin = sm_.getFileOffset(f->getLocation());
    return true;
  }

  bool VisitDeclRefExpr(clang::DeclRefExpr* e) {
    const auto* f = llvm::dyn_cast<clang::FunctionDecl>(e->getDecl());
    if (!f || e->getLocation().isMacroID() || !sm_.isInMainFile(e->getLocation())) return true;
    const clang::CXXRecordDecl* r = f->getReturnType()->getAsCXXRecordDecl();
    if (!r || !(derivesFromModule(r) || isHolder(r)) || !sm_.isInMainFile(f->getLocation())) return true;
    std::uint32_t b = sm_.getFileOffset(e->getLocation());
    factory_(f).references.emplace_back(b, b + static_cast<std::uint32_t>(f->getNameAsString().size()));
    return true;
  }

  bool VisitTypeLoc(clang::TypeLoc tl) {
    clang::SourceRange r = tl.getSourceRange();
    if (r.isInvalid() || r.getBegin().isMacroID() || !sm_.isInMainFile(r.getBegin())) return true;
    const clang::Type* t = tl.getTypePtr();
    const clang::CXXRecordDecl* record = t->getAsCXXRecordDecl();
    if (!record) return true;
    if (!derivesFromModule(record) && !isHolder(record)) return true;
    std::uint32_t b = sm_.getFileOffset(r.getBegin());
    std::uint32_t e = sm_.getFileOffset(clang::Lexer::getLocForEndOfToken(r.getEnd(), 0, sm_, ctx_.getLangOpts()));
    out_.typeRenames.push_back({b, e, record->getQualifiedNameAsString()});
    return true;
  }

private:
  ModuleFactory& factory_(const clang::FunctionDecl* f) {
    std::string name = f->getNameAsString();
    for (ModuleFactory& existing : out_.factories)
      if (existing.name == name) return existing;
    out_.factories.push_back(ModuleFactory{name, 0, 0, 0, {}});
    return out_.factories.back();
  }

  static bool isHolder(const clang::CXXRecordDecl* r) {
    if (!r || !r->hasDefinition()) return false;
    r = r->getDefinition();
    for (const clang::CXXBaseSpecifier& base : r->bases())
      if (const clang::CXXRecordDecl* b = base.getType()->getAsCXXRecordDecl())
        if (b->getQualifiedNameAsString() == "torch::nn::ModuleHolder") return true;
    return false;
  }

  clang::ASTContext& ctx_;
  clang::SourceManager& sm_;
  CppUnit& out_;
};

std::string run(const std::string& command) {
  std::string out;
  if (FILE* pipe = popen(command.c_str(), "r")) {
    char buffer[512];
    while (fgets(buffer, sizeof buffer, pipe)) out += buffer;
    pclose(pipe);
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

} // namespace

std::vector<std::string> defaultCompilerArguments() {
  std::vector<std::string> args = {"-std=c++17", "-fsyntax-only", "-w", "-I/usr/include/torch/csrc/api/include"};
  // A libTooling tool must be told Clang's resource directory, or <stddef.h> is not found.
  static const std::string resourceDir = run("clang-16 -print-resource-dir 2>/dev/null");
  if (!resourceDir.empty()) args.push_back("-resource-dir=" + resourceDir);
  return args;
}

namespace {

std::string cacheDirectory() {
  if (const char* dir = std::getenv("FFQUANT_CACHE_DIR")) return dir;
  if (const char* xdg = std::getenv("XDG_CACHE_HOME")) return std::string(xdg) + "/ffquant";
  if (const char* home = std::getenv("HOME")) return std::string(home) + "/.cache/ffquant";
  return "/tmp/ffquant-cache";
}

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

} // namespace

std::string torchPrecompiledHeader(const std::vector<std::string>& args) {
  if (std::getenv("FFQUANT_NO_PCH")) return {};
  // Keyed by compiler, flags and header versions: a change of any gives a new PCH.
  std::string key = run("clang-16 --version 2>/dev/null");
  for (const std::string& a : args) key += "\n" + a;
  key += readFile("/usr/include/torch/csrc/api/include/torch/version.h");
  key += readFile("/usr/include/ATen/core/TensorBody.h").substr(0, 4096);
  std::ostringstream name;
  name << std::hex << std::hash<std::string>{}(key);
  std::string dir = cacheDirectory() + "/pch";
  std::string pch = dir + "/torch-" + name.str() + ".pch";
  if (std::ifstream(pch).good()) return pch;
  if (std::system(("mkdir -p '" + dir + "'").c_str()) != 0) return {};
  // Several ffquant processes (batch jobs, build systems) may want the PCH at once: the first
  // builds it under an exclusive lock, the others wait for it and then find it. Everything is
  // written under a temporary name and renamed, so a reader never sees a partial file.
  int lock = ::open((pch + ".lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lock >= 0) {
    while (::flock(lock, LOCK_EX) != 0 && errno == EINTR) {
    }
  }
  struct Unlock {
    int fd;
    ~Unlock() {
      if (fd >= 0) ::close(fd); // closing releases the lock
    }
  } unlock{lock};
  if (std::ifstream(pch).good()) return pch;
  std::string suffix = ".tmp." + std::to_string(::getpid());
  // The PCH records the header it was made from, which must stay in place.
  std::string header = dir + "/torch-" + name.str() + ".h";
  std::string temporary = pch + suffix;
  {
    std::ofstream out(header + suffix);
    out << "#include <torch/torch.h>\n";
  }
  if (std::rename((header + suffix).c_str(), header.c_str()) != 0) return {};
  // -fpch-instantiate-templates: pending instantiations are done once, in the PCH, not per file.
  std::string command = "clang++-16 -x c++-header -fpch-instantiate-templates";
  for (const std::string& a : args)
    if (a != "-fsyntax-only") command += " '" + a + "'";
  command += " '" + header + "' -o '" + temporary + "' 2>/dev/null";
  bool built = std::system(command.c_str()) == 0 && std::rename(temporary.c_str(), pch.c_str()) == 0;
  if (!built) {
    std::remove(temporary.c_str());
    return {};
  }
  return pch;
}

/// Project headers (`#include "x.h"` next to the file) that define module classes are inlined
/// into the text Clang parses, behind `#line` markers so diagnostics still name the header: a
/// class declared in a header with its members defined in the .cpp is then one unit, and the
/// copy is made from both. Returns the include lines replaced.
static std::vector<std::string> inlineProjectHeaders(std::string& code, const std::string& path,
                                                     std::vector<std::string>& headerPaths) {
  std::vector<std::string> inlined;
  std::string directory = path.rfind('/') == std::string::npos ? "." : path.substr(0, path.rfind('/'));
  std::regex include("^[ \\t]*#[ \\t]*include[ \\t]*\"([^\"]+)\".*");
  std::string out;
  std::istringstream in(code);
  unsigned lineNumber = 0;
  for (std::string line; std::getline(in, line);) {
    ++lineNumber;
    std::smatch m;
    std::string header = std::regex_match(line, m, include) ? directory + "/" + m[1].str() : "";
    std::string content = header.empty() ? "" : readFile(header);
    if (content.find("torch::nn::Module") == std::string::npos) {
      out += line + "\n";
      continue;
    }
    inlined.push_back(line);
    headerPaths.push_back(header);
    out += "#line 1 \"" + header + "\"\n" + content + (content.empty() || content.back() == '\n' ? "" : "\n");
    out += "#line " + std::to_string(lineNumber + 1) + " \"" + path + "\"\n";
  }
  code = out;
  return inlined;
}

/// The input and the user (non-system) files this parse entered: what the output depends on.
/// Only local source entries count: headers that came from the torch PCH are LibTorch's.
static std::vector<std::string> userFilesRead(clang::ASTUnit& ast, const std::string& path) {
  std::vector<std::string> files{path};
  clang::SourceManager& sm = ast.getSourceManager();
  const clang::FileID mainFile = sm.getMainFileID();
  for (unsigned i = 0; i < sm.local_sloc_entry_size(); ++i) {
    const clang::SrcMgr::SLocEntry& entry = sm.getLocalSLocEntry(i);
    if (!entry.isFile()) continue;
    const clang::SrcMgr::FileInfo& file = entry.getFile();
    if (file.getFileCharacteristic() != clang::SrcMgr::C_User) continue;
    const clang::FileEntry* fileEntry = file.getContentCache().OrigEntry;
    if (!fileEntry || sm.translateFile(fileEntry) == mainFile) continue;
    llvm::StringRef name = fileEntry->tryGetRealPathName();
    if (!name.empty()) files.push_back(name.str());
  }
  return files;
}

std::unique_ptr<CppUnit> parseCppFile(const std::string& path, const CppParseOptions& options,
                                      DiagnosticSink& diagnostics) {
  std::optional<SourceFile> file =
      options.text ? std::optional<SourceFile>(SourceFile(path, *options.text)) : SourceFile::read(path, diagnostics);
  if (!file) return nullptr;
  std::vector<std::string> args = defaultCompilerArguments();
  if (!options.buildDir.empty()) {
    std::string error;
    auto database = clang::tooling::CompilationDatabase::loadFromDirectory(options.buildDir, error);
    if (!database) {
      diagnostics.report(Diagnostic::error({options.buildDir, 0, 0}, "cannot load compile_commands.json: " + error));
      return nullptr;
    }
    std::vector<clang::tooling::CompileCommand> commands = database->getCompileCommands(path);
    if (!commands.empty()) {
      // Keep the include paths, definitions and standard of the build; drop the rest.
      for (const std::string& a : commands.front().CommandLine)
        if (a.rfind("-I", 0) == 0 || a.rfind("-D", 0) == 0 || a.rfind("-std=", 0) == 0 || a.rfind("-isystem", 0) == 0)
          args.push_back(a);
    }
  }
  for (const std::string& a : options.extraArgs) args.push_back(a);
  std::string pch = options.pchPath.empty() ? torchPrecompiledHeader(args) : options.pchPath;
  if (!pch.empty()) {
    args.push_back("-include-pch");
    args.push_back(pch);
  }
  // A header given as input is C++, whatever its extension says to Clang.
  args.push_back("-xc++");

  DiagnosticForwarder forwarder(diagnostics);
  std::string code = file->text();
  std::vector<std::string> inlinedHeaderPaths;
  std::vector<std::string> inlinedHeaders = inlineProjectHeaders(code, path, inlinedHeaderPaths);
  auto out = std::make_unique<CppUnit>();
  out->unit = std::make_unique<SourceUnit>();
  out->unit->language = Language::Cpp;
  out->unit->source = std::make_unique<SourceFile>(path, code);
  if (!inlinedHeaders.empty()) out->unit->source->honorLineDirectives();
  std::unique_ptr<clang::ASTUnit> ast = clang::tooling::buildASTFromCodeWithArgs(
      code, args, path, "ffquant", std::make_shared<clang::PCHContainerOperations>(),
      clang::tooling::getClangStripDependencyFileAdjuster(), clang::tooling::FileContentMappings(), &forwarder);
  if (!ast || diagnostics.hasErrors()) {
    if (!diagnostics.hasErrors())
      diagnostics.report(Diagnostic::error({path, 0, 0}, "Clang could not parse the file"));
    return nullptr;
  }
  std::vector<clang::Decl*> topLevel(ast->top_level_begin(), ast->top_level_end());
  Lowering(ast->getASTContext(), topLevel, *out).run();
  // The copy still includes the headers it was made from, for their other declarations.
  for (const std::string& line : inlinedHeaders) out->includes.push_back(line);
  TypeCollector collector(ast->getASTContext(), *out);
  for (clang::Decl* d : topLevel) collector.TraverseDecl(d);
  out->dependencies = userFilesRead(*ast, path);
  // Inlined project headers are read by ffquant, not by Clang.
  out->dependencies.insert(out->dependencies.end(), inlinedHeaderPaths.begin(), inlinedHeaderPaths.end());
  return out;
}

} // namespace ffquant::cpp
