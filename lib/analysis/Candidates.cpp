// Marking replacement candidates (§2.5, §7.1) and isolating nested ones (§2.6).
#include "ffquant/analysis/Candidates.h"

#include <algorithm>

namespace ffquant::analysis {

using namespace ir;

namespace {

const std::vector<const Node*> kNoHoists;

bool isArithmeticOperator(const std::string& op) {
  static const char* ops[] = {"+", "-", "*", "/", "//", "%", "**", "@", "<<", ">>", "&", "|", "^"};
  return std::find(std::begin(ops), std::end(ops), op) != std::end(ops);
}

std::string dotted(const Node* n) {
  if (n->is(Kind::Name)) return n->text;
  if (n->is(Kind::Attribute)) {
    std::string r = dotted(n->child(Role::Receiver));
    return r.empty() ? r : r + "." + n->text;
  }
  return {};
}

} // namespace

bool isSimpleStatement(const Node* n) {
  switch (n->kind) {
  case Kind::ExprStmt:
  case Kind::Assign:
  case Kind::AugAssign:
  case Kind::AnnAssign:
  case Kind::Return:
  case Kind::Raise:
  case Kind::Pass:
  case Kind::Break:
  case Kind::Continue:
  case Kind::Import:
  case Kind::OtherStmt: return true;
  default: return false;
  }
}

bool CandidateSet::isSimpleLiteral(const Node* n) const {
  if (n->is(Kind::Literal)) return true;
  if (n->is(Kind::Name) && (n->text == "True" || n->text == "False" || n->text == "None")) return true;
  if (n->is(Kind::UnaryOp)) return isSimpleLiteral(n->child(Role::Operand));
  if (n->is(Kind::BinaryOp)) return isSimpleLiteral(n->child(Role::Left)) && isSimpleLiteral(n->child(Role::Right));
  return false;
}

bool CandidateSet::isBypassed(const Node* call) const {
  std::string spelled = dotted(call->child(Role::Callee));
  if (spelled == "super") return true;
  if (std::find(options_.bypass.begin(), options_.bypass.end(), spelled) != options_.bypass.end()) return true;
  if (const ResolvedCallee* c = unit_.calleeOf(call))
    if (std::find(options_.bypass.begin(), options_.bypass.end(), c->qualifiedName) != options_.bypass.end())
      return true;
  return false;
}

bool CandidateSet::markedPlain(const Node* n) const {
  switch (n->kind) {
  case Kind::Call: return !isBypassed(n);
  case Kind::BinaryOp:
    return isArithmeticOperator(n->text) &&
           !(isSimpleLiteral(n->child(Role::Left)) && isSimpleLiteral(n->child(Role::Right)));
  case Kind::UnaryOp: return !isSimpleLiteral(n->child(Role::Operand));
  case Kind::AugAssign:
    return isArithmeticOperator(n->text) &&
           !(isSimpleLiteral(n->child(Role::Target)) && isSimpleLiteral(n->child(Role::Value)));
  default: return false;
  }
}

bool CandidateSet::markedTyped(const Node* n, TypeInference& types) const {
  if (!markedPlain(n)) return false;
  std::vector<const Node*> operands;
  switch (n->kind) {
  case Kind::Call:
    for (const Node* a : n->childrenWith(Role::Argument))
      if (a->text.empty() && !a->has(ArgStarred) && !a->has(ArgDoubleStarred)) operands.push_back(a->child(Role::Value));
    break;
  case Kind::BinaryOp: operands = {n->child(Role::Left), n->child(Role::Right)}; break;
  case Kind::UnaryOp: operands = {n->child(Role::Operand)}; break;
  case Kind::AugAssign: operands = {n->child(Role::Target), n->child(Role::Value)}; break;
  default: break;
  }
  if (operands.empty()) return true; // nothing typed: plain marking decides
  return std::any_of(operands.begin(), operands.end(),
                     [&](const Node* o) { return types.typeOf(o).tensorLike(); });
}

CandidateSet::CandidateSet(const SourceUnit& unit, TypeInference& types, const CandidateOptions& options)
    : unit_(unit), options_(options) {
  walkPostOrder(unit.tree.root(), [&](Node* n) {
    if (n->is(Kind::Annotation)) return;
    bool marked = types.enabled() ? markedTyped(n, types) : markedPlain(n);
    if (marked) candidates_.insert(n);
  });
  isolate();
}

void CandidateSet::isolate() {
  int counter = 0;
  walkPostOrder(unit_.tree.root(), [&](Node* n) {
    if (!candidates_.count(n) || n->is(Kind::AugAssign)) return;
    const Node* parent = n->parent;
    // 1. Directly under an assignment, return, raise, yield or expression statement: stays.
    if (parent->is(Kind::Assign) || parent->is(Kind::AnnAssign) || parent->is(Kind::Return) ||
        parent->is(Kind::Raise) || parent->is(Kind::ExprStmt) ||
        (parent->is(Kind::OtherExpr) && parent->text == "yield"))
      return;
    if (parent->is(Kind::AugAssign) && n->role == Role::Target) return;
    // 2. Inside a comprehension or conditional expression: stays, no number. (FastForward hoists
    // out of lambdas, which changes what the program computes: docs/compatibility.md.)
    const Node* statement = nullptr;
    bool inLambda = false;
    for (const Node* p = parent; p; p = p->parent) {
      if (p->is(Kind::Comprehension) || p->is(Kind::Conditional)) return;
      if (p->is(Kind::Lambda)) inLambda = true;
      if (p->isStatement() || p->is(Kind::Function) || p->is(Kind::Class) || p->is(Kind::IfBranch) ||
          p->is(Kind::WithItem) || p->is(Kind::Handler) || p->is(Kind::Parameter) || p->is(Kind::Decorator)) {
        statement = p;
        break;
      }
    }
    // 3. Consume a number; isolate before the enclosing simple statement, if there is one.
    int number = ++counter;
    // In a lambda the number is consumed, as in FastForward, so the rest of the file keeps its
    // numbers; the call itself stays in the lambda, where it belongs.
    if (inLambda || !statement || !isSimpleStatement(statement)) return;
    hoists_[n] = Hoist{number, statement};
    hoistedBefore_[statement].push_back(n);
  });
}

const Hoist* CandidateSet::hoistOf(const Node* n) const {
  auto it = hoists_.find(n);
  return it == hoists_.end() ? nullptr : &it->second;
}

const std::vector<const Node*>& CandidateSet::hoistedBefore(const Node* statement) const {
  auto it = hoistedBefore_.find(statement);
  return it == hoistedBefore_.end() ? kNoHoists : it->second;
}

} // namespace ffquant::analysis
