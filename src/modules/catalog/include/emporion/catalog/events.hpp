// The catalog's domain events (written to the outbox in the transaction of the change).
// Payload: {"id", "catalogId", ... ids of the entity, "changedFields": [...] on updates}.
#pragma once

namespace emporion::catalog::event_type {

inline constexpr const char* kCatalogCreated = "catalog.catalog.created";
inline constexpr const char* kCatalogUpdated = "catalog.catalog.updated";
inline constexpr const char* kCatalogDeleted = "catalog.catalog.deleted";
inline constexpr const char* kCategoryCreated = "catalog.category.created";
inline constexpr const char* kCategoryUpdated = "catalog.category.updated";
inline constexpr const char* kCategoryDeleted = "catalog.category.deleted";
inline constexpr const char* kProductCreated = "catalog.product.created";
inline constexpr const char* kProductUpdated = "catalog.product.updated";
inline constexpr const char* kProductDeleted = "catalog.product.deleted";
inline constexpr const char* kPropertyCreated = "catalog.property.created";
inline constexpr const char* kPropertyUpdated = "catalog.property.updated";
inline constexpr const char* kPropertyDeleted = "catalog.property.deleted";
inline constexpr const char* kDictionaryItemCreated = "catalog.dictionary-item.created";
inline constexpr const char* kDictionaryItemUpdated = "catalog.dictionary-item.updated";
inline constexpr const char* kDictionaryItemDeleted = "catalog.dictionary-item.deleted";
inline constexpr const char* kLinkCreated = "catalog.link.created";
inline constexpr const char* kLinkUpdated = "catalog.link.updated";
inline constexpr const char* kLinkDeleted = "catalog.link.deleted";
inline constexpr const char* kSeoInfoCreated = "catalog.seo-info.created";
inline constexpr const char* kSeoInfoUpdated = "catalog.seo-info.updated";
inline constexpr const char* kSeoInfoDeleted = "catalog.seo-info.deleted";

}  // namespace emporion::catalog::event_type
