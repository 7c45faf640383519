// Category documents ("category" type of the module README): name per language, code, the
// catalog, parent and outline keywords, and the stored summary. Pure; reentrant.
#pragma once

#include <unordered_map>

#include "emporion/catalog/types.hpp"
#include "emporion/search/engine.hpp"

namespace emporion::search_module {

/// `catalogs` by id gives the languages of the category's catalog.
search::Document BuildCategoryDocument(
    const catalog::Category& category,
    const std::unordered_map<std::string, catalog::Catalog>& catalogs);

}  // namespace emporion::search_module
