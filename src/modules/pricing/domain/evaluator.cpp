#include "modules/pricing/domain/evaluator.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>
#include <unordered_map>

#include "modules/pricing/domain/rules.hpp"

namespace emporion::pricing::domain {
namespace {

bool EqualsNoCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

bool ContainsNoCase(const std::vector<std::string>& values, const std::string& v) {
  return std::any_of(values.begin(), values.end(),
                     [&](const std::string& x) { return EqualsNoCase(x, v); });
}

bool Holds(const Condition& c, const EvaluationContext& ctx) {
  if (c.type == "and") return ConditionsHold(c.conditions, ctx);
  if (c.type == "or") {
    return std::any_of(c.conditions.begin(), c.conditions.end(),
                       [&](const Condition& x) { return Holds(x, ctx); });
  }
  if (c.type == "not") {
    return std::none_of(c.conditions.begin(), c.conditions.end(),
                        [&](const Condition& x) { return Holds(x, ctx); });
  }
  if (c.type == "userGroup") return ContainsNoCase(ctx.shopper.user_groups, c.value);
  if (c.type == "customerTag") return ContainsNoCase(ctx.shopper.tags, c.value);
  if (c.type == "country")
    return ctx.shopper.country && EqualsNoCase(*ctx.shopper.country, c.value);
  if (c.type == "store") return ctx.store_id && EqualsNoCase(*ctx.store_id, c.value);
  return false;  // unknown types never pass validation; be safe anyway
}

/// Ranking order: true when `a` beats `b`.
bool Beats(const Assignment* a, const Assignment* b) {
  if (a->priority != b->priority) return a->priority > b->priority;
  const Timestamp as = a->start_date.value_or(INT64_MIN);
  const Timestamp bs = b->start_date.value_or(INT64_MIN);
  if (as != bs) return as > bs;
  if (a->meta.created_at != b->meta.created_at) return a->meta.created_at > b->meta.created_at;
  return a->meta.id < b->meta.id;
}

struct ListHit {
  std::vector<const Price*> valid;  // valid at the date, sorted by minQuantity
  const Price* tier = nullptr;      // the one for the quantity
};

ListHit FindInList(const std::vector<const Price*>& prices, const std::string& list_id,
                   const EvaluationContext& ctx) {
  ListHit hit;
  for (const Price* p : prices) {
    if (p->price_list_id != list_id || !InWindow(p->start_date, p->end_date, ctx.at)) continue;
    hit.valid.push_back(p);
  }
  std::sort(hit.valid.begin(), hit.valid.end(),
            [](const Price* a, const Price* b) { return a->min_quantity < b->min_quantity; });
  for (const Price* p : hit.valid) {
    if (p->min_quantity <= ctx.quantity) hit.tier = p;
  }
  return hit;
}

/// The position in `Selection::ranked` of the first assignment of each ranked list.
using ListRanks = std::unordered_map<std::string_view, std::size_t>;

ListRanks RanksOf(const Selection& selection) {
  ListRanks ranks;
  ranks.reserve(selection.ranked.size());
  for (std::size_t i = 0; i < selection.ranked.size(); ++i) {
    ranks.emplace(selection.ranked[i]->price_list_id, i);  // keeps the first
  }
  return ranks;
}

void Win(EvaluatedPrice& out, const EvaluationContext& ctx, const Assignment& a,
         const ListHit& hit) {
  out.currency = ctx.currency;
  out.list = hit.tier->list;
  out.sale = hit.tier->sale;
  out.price_list_id = a.price_list_id;
  out.assignment_id = a.meta.id;
  out.tiers.reserve(hit.valid.size());
  for (const Price* p : hit.valid) out.tiers.push_back({p->min_quantity, p->list, p->sale});
}

/// Evaluates one product's own prices against the ranking; nullopt when no list has one.
std::optional<EvaluatedPrice> PriceOne(const EvaluationContext& ctx, const Selection& selection,
                                       const ListRanks& ranks,
                                       const std::vector<const Price*>& prices) {
  EvaluatedPrice out;
  if (!ctx.explain) {
    // The winner is the first ranked list with a tier for the quantity, i.e. the smallest rank
    // among the lists of the prices valid at the date with minQuantity <= quantity: one pass
    // over the product's prices instead of one per ranked assignment (the loop below, kept for
    // explain=true, which reports every assignment).
    std::size_t best = selection.ranked.size();
    for (const Price* p : prices) {
      if (p->min_quantity > ctx.quantity || !InWindow(p->start_date, p->end_date, ctx.at)) continue;
      auto it = ranks.find(p->price_list_id);
      if (it != ranks.end() && it->second < best) best = it->second;
    }
    if (best == selection.ranked.size()) return std::nullopt;
    const Assignment& a = *selection.ranked[best];
    Win(out, ctx, a, FindInList(prices, a.price_list_id, ctx));
    return out;
  }
  bool won = false;
  for (const Assignment* a : selection.ranked) {
    CandidateOutcome outcome{a->meta.id, a->price_list_id, a->priority, ""};
    if (won) {
      outcome.outcome = "priority";
    } else {
      ListHit hit = FindInList(prices, a->price_list_id, ctx);
      if (hit.tier == nullptr) {
        outcome.outcome = "noPrice";
      } else {
        won = true;
        outcome.outcome = "won";
        Win(out, ctx, *a, hit);
      }
    }
    out.explanation.push_back(std::move(outcome));
  }
  if (!won) return std::nullopt;
  for (const auto& [a, reason] : selection.rejected) {
    out.explanation.push_back({a->meta.id, a->price_list_id, a->priority, reason});
  }
  return out;
}

const std::vector<const Price*>& PricesOf(const PricesByProduct& prices, std::string_view id) {
  static const std::vector<const Price*> kNone;
  auto it = prices.find(id);
  return it == prices.end() ? kNone : it->second;
}

}  // namespace

bool ConditionsHold(const std::vector<Condition>& conditions, const EvaluationContext& ctx) {
  return std::all_of(conditions.begin(), conditions.end(),
                     [&](const Condition& c) { return Holds(c, ctx); });
}

std::vector<std::string> Selection::PriceListIds() const {
  std::vector<std::string> ids;
  for (const Assignment* a : ranked) {
    if (std::find(ids.begin(), ids.end(), a->price_list_id) == ids.end()) {
      ids.push_back(a->price_list_id);
    }
  }
  return ids;
}

Selection SelectAssignments(const EvaluationContext& ctx,
                            const std::vector<Assignment>& assignments,
                            const std::unordered_map<std::string, PriceList>& lists) {
  Selection s;
  for (const Assignment& a : assignments) {
    const char* reason = nullptr;
    auto list = lists.find(a.price_list_id);
    if (!a.is_active) {
      reason = "inactive";
    } else if (!InWindow(a.start_date, a.end_date, ctx.at)) {
      reason = "date";
    } else if (a.store_id && (!ctx.store_id || *a.store_id != *ctx.store_id)) {
      reason = "store";
    } else if (a.catalog_id && (!ctx.catalog_id || *a.catalog_id != *ctx.catalog_id)) {
      reason = "catalog";
    } else if (!ConditionsHold(a.conditions, ctx)) {
      reason = "condition";
    } else if (list == lists.end() || !EqualsNoCase(list->second.currency, ctx.currency)) {
      reason = "currency";
    }
    if (reason != nullptr) {
      if (ctx.explain) s.rejected.emplace_back(&a, reason);
    } else {
      s.ranked.push_back(&a);
    }
  }
  std::sort(s.ranked.begin(), s.ranked.end(), Beats);
  return s;
}

std::vector<EvaluatedPrice> PriceProducts(
    const EvaluationContext& ctx, const Selection& selection,
    const std::vector<std::string>& product_ids, const PricesByProduct& prices,
    const std::unordered_map<std::string, std::string>& main_of) {
  std::vector<EvaluatedPrice> out;
  out.reserve(product_ids.size());
  const ListRanks ranks = RanksOf(selection);
  for (const std::string& id : product_ids) {
    auto own = PriceOne(ctx, selection, ranks, PricesOf(prices, id));
    if (!own) {
      auto main = main_of.find(id);
      if (main == main_of.end() || main->second.empty()) continue;
      own = PriceOne(ctx, selection, ranks, PricesOf(prices, main->second));
      if (!own) continue;
      own->price_product_id = main->second;
    }
    own->product_id = id;
    out.push_back(std::move(*own));
  }
  return out;
}

}  // namespace emporion::pricing::domain
