#include "modules/inventory/domain/availability.hpp"

#include <algorithm>

namespace emporion::inventory {

std::int64_t ExtraAllowance(const InventoryRecord& r, Timestamp now) {
  std::int64_t extra = 0;
  if (r.allow_backorder && r.backorder_quantity > 0 &&
      (!r.backorder_availability_date || *r.backorder_availability_date >= now)) {
    extra += r.backorder_quantity;
  }
  if (r.allow_preorder && r.preorder_quantity > 0 &&
      (!r.preorder_availability_date || *r.preorder_availability_date <= now)) {
    extra += r.preorder_quantity;
  }
  return extra;
}

std::int64_t AvailableOf(const InventoryRecord& r, Timestamp now) {
  if (r.status != InventoryStatus::kEnabled) return 0;
  return std::max<std::int64_t>(0,
                                r.in_stock_quantity + ExtraAllowance(r, now) - r.reserved_quantity);
}

CenterAvailability CenterOf(const InventoryRecord& r, Timestamp now) {
  CenterAvailability c;
  c.fulfillment_center_id = r.fulfillment_center_id;
  c.in_stock = r.in_stock_quantity;
  c.reserved = r.reserved_quantity;
  c.available = AvailableOf(r, now);
  c.allow_backorder = r.allow_backorder;
  c.allow_preorder = r.allow_preorder;
  c.backorder_quantity = r.backorder_quantity;
  c.preorder_quantity = r.preorder_quantity;
  c.backorder_availability_date = r.backorder_availability_date;
  c.preorder_availability_date = r.preorder_availability_date;
  c.enabled = r.status == InventoryStatus::kEnabled;
  return c;
}

ProductAvailability ComputeAvailability(const std::string& product_id, bool tracked,
                                        const std::vector<std::string>& centers,
                                        const std::vector<InventoryRecord>& records,
                                        Timestamp now) {
  ProductAvailability a;
  a.product_id = product_id;
  a.tracked = tracked;
  for (const auto& center : centers) {
    auto it = std::find_if(records.begin(), records.end(), [&](const InventoryRecord& r) {
      return r.fulfillment_center_id == center && r.product_id == product_id;
    });
    if (it == records.end()) continue;
    CenterAvailability c = CenterOf(*it, now);
    if (c.enabled) {
      a.in_stock += c.in_stock;
      a.reserved += c.reserved;
      a.available += c.available;
      a.allow_backorder = a.allow_backorder || c.allow_backorder;
      a.allow_preorder = a.allow_preorder || c.allow_preorder;
    }
    a.by_fulfillment_center.push_back(std::move(c));
  }
  a.is_available = !tracked || a.available > 0;
  return a;
}

ReservationPlan PlanReservation(const std::vector<ReservationItem>& items,
                                const std::vector<std::string>& centers, const RecordMap& records,
                                const std::map<std::string, bool>& tracked, Timestamp now) {
  ReservationPlan plan;
  // What is left per (product, center) as earlier items of the same product take stock.
  std::map<std::pair<std::string, std::string>, std::int64_t> left;
  for (const auto& [key, record] : records) left[key] = AvailableOf(record, now);

  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto& item = items[i];
    auto t = tracked.find(item.product_id);
    if (t != tracked.end() && !t->second) continue;
    // Main first, then the others by most available (ties keep the store's order).
    std::vector<std::string> order;
    if (!centers.empty()) order.push_back(centers.front());
    std::vector<std::string> others(centers.begin() + (centers.empty() ? 0 : 1), centers.end());
    std::stable_sort(others.begin(), others.end(), [&](const std::string& a, const std::string& b) {
      auto la = left.find({item.product_id, a});
      auto lb = left.find({item.product_id, b});
      const std::int64_t va = la == left.end() ? 0 : la->second;
      const std::int64_t vb = lb == left.end() ? 0 : lb->second;
      return va > vb;
    });
    order.insert(order.end(), others.begin(), others.end());

    std::int64_t total = 0;
    for (const auto& c : order) {
      auto l = left.find({item.product_id, c});
      if (l != left.end()) total += l->second;
    }
    if (total < item.quantity) {
      plan.shortfalls.push_back({i, item.product_id, item.quantity, total});
      continue;
    }
    std::int64_t need = item.quantity;
    for (const auto& c : order) {
      if (need == 0) break;
      auto l = left.find({item.product_id, c});
      if (l == left.end() || l->second <= 0) continue;
      const std::int64_t take = std::min(need, l->second);
      l->second -= take;
      need -= take;
      plan.allocations.push_back({i, item.product_id, c, take});
    }
  }
  return plan;
}

bool CrossesLowStock(std::optional<std::int64_t> before, std::int64_t after,
                     std::int64_t reorder_min) {
  if (after > reorder_min) return false;
  return !before || *before > reorder_min;
}

}  // namespace emporion::inventory
