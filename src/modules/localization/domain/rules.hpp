// Pure rules of the localization module: BCP 47 language tag syntax and canonical casing,
// currency field checks. No I/O. Reentrant.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace emporion::localization {

/// The canonical form of a language tag `language[-Script][-REGION]` (language 2-3 letters,
/// script 4 letters, region 2 letters or 3 digits), e.g. "EN-us" -> "en-US",
/// "zh-hant-tw" -> "zh-Hant-TW"; nullopt when the syntax is not that.
std::optional<std::string> CanonicalLanguageTag(std::string_view tag);

}  // namespace emporion::localization
