// Member documents ("member" type of the module README): name, e-mails and phones as
// language-neutral text; member type, groups, status and organizations as keywords. Pure.
#pragma once

#include "emporion/members/types.hpp"
#include "emporion/search/engine.hpp"

namespace emporion::search_module {

search::Document BuildMemberDocument(const members::Member& member);

}  // namespace emporion::search_module
