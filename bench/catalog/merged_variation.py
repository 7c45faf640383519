#!/usr/bin/env python3
"""Writes the JSON Lines of the merged-view benchmark's product: a catalog in 3 languages with
20 properties, a main product with 5 images, descriptions in 3 languages and 10 values, and its
variation `bench-var` with 10 values of its own (the merged view shows all 20)."""
import json

langs = ["en-US", "de-DE", "fr-FR"]
lines = [{"type": "catalog", "id": "bench", "name": "Bench", "isVirtual": False,
          "defaultLanguage": "en-US", "languages": langs}]
for i in range(20):
    lines.append({"type": "property", "id": f"bench-prop-{i}", "catalogId": "bench",
                  "name": f"prop{i}", "propertyType": "Variation" if i >= 10 else "Product",
                  "valueType": "ShortText", "multilanguage": i % 5 == 0})
lines.append({"type": "category", "id": "bench-cat", "catalogId": "bench", "code": "BENCH",
              "name": "Bench", "localizedName": [{"languageCode": l, "value": "Bench " + l} for l in langs[1:]]})

def values(rng):
    out = []
    for i in rng:
        if i % 5 == 0:
            vals = [{"value": f"value {i} {l}", "languageCode": l} for l in langs]
        else:
            vals = [{"value": f"value {i}"}]
        out.append({"name": f"prop{i}", "values": vals})
    return out

lines.append({"type": "product", "id": "bench-main", "code": "BENCH-MAIN", "catalogId": "bench",
              "categoryId": "bench-cat", "name": "Bench main product",
              "localizedName": [{"languageCode": l, "value": "Bench " + l} for l in langs[1:]],
              "productType": "Physical", "isActive": True, "isBuyable": True,
              "images": [{"url": f"https://images.example.com/bench/{i}.jpg", "sortOrder": i} for i in range(5)],
              "descriptions": [{"content": "<p>" + ("A benchmark product. " * 10) + "</p>",
                                "reviewType": "FullReview", "languageCode": l} for l in langs],
              "seoInfos": [{"semanticUrl": "bench-main-" + l.lower(), "languageCode": l} for l in langs],
              "properties": values(range(10))})
lines.append({"type": "product", "id": "bench-var", "code": "BENCH-VAR", "catalogId": "bench",
              "mainProductId": "bench-main", "name": "Bench variation",
              "properties": values(range(10, 20))})
for l in lines:
    print(json.dumps(l))
