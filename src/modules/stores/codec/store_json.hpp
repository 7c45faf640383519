// JSON form of a store, shared by api/ (bodies and responses) and storage/ (the `doc` column),
// so the two never drift apart. Parsing reports type errors as 400 naming `prefix` + field.
// Reentrant.
#pragma once

#include <string>

#include "emporion/stores/types.hpp"
#include "platform/json/json.hpp"

namespace emporion::stores::codec {

std::string ToJson(const Store& s);
Result<Store> StoreFromJson(const json::Value& v, const std::string& prefix);

}  // namespace emporion::stores::codec
