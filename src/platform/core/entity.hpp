// EntityMeta: the fields every stored resource carries (contract section 2): id, version
// (+1 on each change), createdAt/By, modifiedAt/By. Value type.
#pragma once

#include <cstdint>
#include <string>

#include "platform/core/clock.hpp"

namespace emporion {

struct EntityMeta {
  std::string id;
  std::int64_t version = 0;
  Timestamp created_at = 0;
  std::string created_by;
  Timestamp modified_at = 0;
  std::string modified_by;

  /// Meta for a new entity: version 1, created = modified = now by `actor`.
  static EntityMeta New(std::string id, Timestamp now, const std::string& actor) {
    return {std::move(id), 1, now, actor, now, actor};
  }
  /// Bumps the version and the modified fields.
  void Touch(Timestamp now, const std::string& actor) {
    ++version;
    modified_at = now;
    modified_by = actor;
  }
};

}  // namespace emporion
