// MembersService: what other modules (security, pricing, promotions, orders) may ask the members
// module. Errors common to all methods: kUnavailable when the database does not answer.
// Thread safety: implementations are thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "emporion/members/types.hpp"
#include "platform/core/result.hpp"

namespace emporion::members {

/// What pricing and promotions evaluate for a customer.
struct MemberTargeting {
  std::vector<std::string> groups;  // the member's own user groups plus those of its organizations
  std::vector<std::string> tags;
  std::vector<std::string> organization_ids;  // the member's organizations (direct)
};

class MembersService {
 public:
  virtual ~MembersService() = default;

  /// The member with this id, of any type, or nullopt.
  virtual Result<std::optional<Member>> FindMember(const std::string& id) const = 0;
  /// True when a member (any type) with this id exists.
  virtual Result<bool> MemberExists(const std::string& id) const = 0;
  /// Groups (own, then inherited from its organizations and their ancestors, without
  /// duplicates), tags and organizations of member `id`; kNotFound for an unknown id.
  virtual Result<MemberTargeting> Targeting(const std::string& id) const = 0;
  /// The first organization of a contact or employee (its "current" organization), nullopt when
  /// it has none; kNotFound for an unknown id.
  virtual Result<std::optional<std::string>> OrganizationOf(const std::string& id) const = 0;

  /// Returns why member `id` is still needed (e.g. "linked to user 'anna'"), or nullopt.
  using UsageCheck =
      std::function<Result<std::optional<std::string>>(const std::string& member_id)>;
  /// Adds a check consulted before any member is deleted; a reason makes the delete a 409
  /// naming it. Call at wiring time only (the app wires security's users here).
  virtual void AddUsageCheck(UsageCheck check) = 0;

  // Bulk reads for indexers (search). The defaults answer kUnavailable, so fakes of this
  // interface need not implement them.

  /// Members of every type whose id is greater than `after_id` ("" = from the start), in id
  /// order, at most `limit` (keyset paging).
  virtual Result<std::vector<Member>> MembersAfter(const std::string& after_id, int limit) const;
  /// How many members (of every type) exist.
  virtual Result<std::int64_t> CountMembers() const;
};

}  // namespace emporion::members
