// Lookups over frontend facts.
#include "ffquant/ir/Program.h"

namespace ffquant::ir {

Node* ClassInfo::method(const std::string& methodName) const {
  Node* found = nullptr;
  for (Node* m : methods)
    if (m->text == methodName) found = m; // the last definition wins, as in Python
  return found;
}

const ClassInfo* SourceUnit::findClass(const std::string& className) const {
  for (const ClassInfo& c : classes)
    if (c.name == className) return &c;
  return nullptr;
}

const ResolvedCallee* SourceUnit::calleeOf(const Node* call) const {
  auto it = callees.find(call);
  return it == callees.end() ? nullptr : &it->second;
}

} // namespace ffquant::ir
