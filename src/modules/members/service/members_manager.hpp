// MembersManager: the members module's service: one DocumentResource per member type (contacts,
// organizations, employees, vendors: rows of the `members` table scoped by `member_type`), a
// combined read-only view over all of them, the search filters, and the MembersService other
// modules call. Thread safety: thread-safe after construction.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "emporion/members/members_service.hpp"
#include "platform/resource/document_resource.hpp"

namespace emporion::members {

/// Search criteria of the member lists; every set field must match.
struct MemberFilter {
  std::vector<MemberType> types;               // empty: all
  std::optional<std::string> q;                // name or e-mail contains (case-insensitive)
  std::optional<std::string> email;            // one of the e-mails, case-insensitive
  std::optional<std::string> organization_id;  // member of this organization
  std::optional<std::string> group;            // has this user group (case-insensitive)
  std::optional<std::string> tag;              // has this tag (case-insensitive)
  std::optional<std::string> outer_id;
  std::optional<std::string> parent_id;  // organizations under this parent
  std::optional<std::string> status;
};

class MembersManager final : public MembersService {
 public:
  MembersManager(db::Database& db, const Clock& clock, const events::EventBus* bus);

  /// The resource of one member type.
  resource::DocumentResource<Member>& resource(MemberType type);
  /// Every member type (read-only use: Get, List).
  const resource::DocumentResource<Member>& all() const { return all_; }

  /// Search conditions for `filter`.
  static resource::Where ToWhere(const MemberFilter& filter);
  Result<resource::Page<Member>> Search(const MemberFilter& filter,
                                        const http::ListParams& window) const;

  Result<std::optional<Member>> FindMember(const std::string& id) const override;
  Result<bool> MemberExists(const std::string& id) const override;
  Result<MemberTargeting> Targeting(const std::string& id) const override;
  Result<std::optional<std::string>> OrganizationOf(const std::string& id) const override;
  Result<std::vector<Member>> MembersAfter(const std::string& after_id,
                                           int limit) const override;
  Result<std::int64_t> CountMembers() const override;
  void AddUsageCheck(UsageCheck check) override { usage_checks_.push_back(std::move(check)); }

 private:
  resource::ResourceDefinition<Member> Definition(std::optional<MemberType> type);

  db::Database& db_;
  std::vector<UsageCheck> usage_checks_;
  resource::DocumentResource<Member> contacts_;
  resource::DocumentResource<Member> organizations_;
  resource::DocumentResource<Member> employees_;
  resource::DocumentResource<Member> vendors_;
  resource::DocumentResource<Member> all_;
};

/// JSON codec of the API form (also the stored document). `type` nullopt: read `memberType`.
void WriteMember(json::Writer& w, const Member& m);
Result<Member> ParseMember(const json::Value& body, const std::string& prefix,
                           std::optional<MemberType> type);

}  // namespace emporion::members
