#include "modules/catalog/domain/variation_merge.hpp"

#include <algorithm>
#include <utility>

namespace emporion::catalog {
namespace {

class Merger {
 public:
  Merger(Product& out, const Product& main) : out_(out), main_(main) {}

  template <typename T>
  void Optional(std::optional<T> Product::*member, const char* name) {
    if (!(out_.*member) && (main_.*member)) {
      out_.*member = main_.*member;
      out_.inherited_fields.emplace_back(name);
    }
  }
  template <typename T>
  void List(std::vector<T> Product::*member, const char* name) {
    if ((out_.*member).empty() && !(main_.*member).empty()) {
      out_.*member = main_.*member;
      out_.inherited_fields.emplace_back(name);
    }
  }

 private:
  Product& out_;
  const Product& main_;
};

}  // namespace

Product MergeVariation(const Product& variation, const Product& main,
                       const PropertyTypeLookup& type_of) {
  Product out = variation;
  if (!variation.main_product_id || *variation.main_product_id != main.meta.id) return out;
  Merger m(out, main);
  m.Optional(&Product::category_id, "categoryId");
  m.Optional(&Product::product_type, "productType");
  m.Optional(&Product::is_active, "isActive");
  m.Optional(&Product::is_buyable, "isBuyable");
  m.Optional(&Product::track_inventory, "trackInventory");
  m.Optional(&Product::manufacturer_part_number, "manufacturerPartNumber");
  m.Optional(&Product::vendor, "vendor");
  m.Optional(&Product::weight, "weight");
  m.Optional(&Product::weight_unit, "weightUnit");
  m.Optional(&Product::length, "length");
  m.Optional(&Product::width, "width");
  m.Optional(&Product::height, "height");
  m.Optional(&Product::measure_unit, "measureUnit");
  m.Optional(&Product::min_quantity, "minQuantity");
  m.Optional(&Product::max_quantity, "maxQuantity");
  m.Optional(&Product::start_date, "startDate");
  m.Optional(&Product::end_date, "endDate");
  m.Optional(&Product::priority, "priority");
  m.Optional(&Product::tax_type, "taxType");
  m.List(&Product::localized_name, "localizedName");
  m.List(&Product::images, "images");
  m.List(&Product::assets, "assets");
  m.List(&Product::descriptions, "descriptions");
  m.List(&Product::seo_infos, "seoInfos");
  m.List(&Product::associations, "associations");

  bool any_property = false;
  for (const auto& entry : main.properties) {
    if (entry.values.empty() || type_of(entry.property_id) != PropertyType::kProduct) continue;
    const bool own =
        std::any_of(out.properties.begin(), out.properties.end(), [&](const PropertyValues& v) {
          return v.property_id == entry.property_id && !v.values.empty();
        });
    if (own) continue;
    PropertyValues copy = entry;
    copy.inherited = true;
    out.properties.push_back(std::move(copy));
    any_property = true;
  }
  if (any_property) out.inherited_fields.emplace_back("properties");
  return out;
}

}  // namespace emporion::catalog
