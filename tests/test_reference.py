"""Importing places and ISCO-08 groups from CSV files (import_places, import_isco)."""

import csv
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from duo.reference import importers
from duo.reference.isco_builtin import GROUPS
from duo.reference.models import Occupation, Place

pytestmark = pytest.mark.usefixtures("english")




def run(command, path, **options):
    out, err = StringIO(), StringIO()
    call_command(command, str(path), stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def run_failing(command, path):
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as excinfo:
        call_command(command, str(path), stdout=out, stderr=err)
    return str(excinfo.value), err.getvalue()


def distinct_places(path) -> set[tuple[str, str]]:
    """(postal code, name) pairs of the file, counted independently of the importer."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        return {(code.strip(), row["name"]) for row in csv.DictReader(f) for code in row["postal"].split(",")}


# ---- places -------------------------------------------------------------------------------------


def test_import_places_real_file(db, places_csv):
    out, _ = run("import_places", places_csv)

    expected = distinct_places(places_csv)
    assert len(expected) == 2790  # 2,787 rows, 5 repeated, 3 rows listing several postal codes
    assert Place.objects.count() == len(expected)
    assert set(Place.objects.values_list("postal_code", "name")) == expected
    brussels = Place.objects.get(postal_code="1000", name="Brussel")
    assert (brussels.latitude, brussels.longitude) == pytest.approx((50.8427501, 4.3515499))
    assert brussels.province == "Vlaams-Brabant"
    # "9800,9850" Deinze, a merged municipality, is found under both codes.
    assert set(Place.objects.filter(name="Deinze").values_list("postal_code", flat=True)) == {"9800", "9850"}
    # Repeated rows keep the first one (Holsbeek is in Vlaams-Brabant, not West-Vlaanderen).
    assert Place.objects.get(postal_code="3220", name="Holsbeek").province == "Vlaams-Brabant"
    assert "2790 created, 0 updated, 0 unchanged" in out
    assert "Row 2451" in out and "skipped" in out


def test_import_places_twice_changes_nothing(db, places_csv):
    run("import_places", places_csv)
    out, _ = run("import_places", places_csv)
    assert "0 created, 0 updated, 2790 unchanged" in out
    assert Place.objects.count() == 2790


def test_import_places_updates_changed_rows(db, tmp_path):
    path = tmp_path / "places.csv"
    path.write_text("postal,name,lat,lng,province\n1000,Brussel,50.84,4.35,\n4000,Liège,50.63,5.57,Luik\n")
    run("import_places", path)
    path.write_text("postal,name,lat,lng,province\n1000,Brussel,50.85,4.35,\n4000,Liège,50.63,5.57,Luik\n")
    out, _ = run("import_places", path)
    assert "0 created, 1 updated, 1 unchanged" in out
    assert Place.objects.get(name="Brussel").latitude == 50.85
    # Without a province column the stored province is left alone.
    path.write_text("postal_code,name,latitude,longitude\n4000,Liège,50.64,5.57\n")
    run("import_places", path)
    assert Place.objects.get(name="Liège").province == "Luik"


def test_import_places_bad_file_imports_nothing(db, tmp_path):
    Place.objects.create(postal_code="1000", name="Brussel", latitude=50.84, longitude=4.35)
    path = tmp_path / "bad.csv"
    path.write_text(
        "postal,name,lat,lng,province\n"
        "1000,Brussel,50.90,4.35,\n"  # a good row: must not be written either
        "1020,Laken,abc,4.35,\n"
        "1030,Schaarbeek,50.86,200,\n"
        "1040,,50.83,4.38,\n"
        "10A0,Etterbeek,50.83,4.38,\n"
        "1050,Ixelles,nan,4.37,\n"
        "1060,Saint-Gilles,50.82\n"
        "1070,Anderlecht,4.31,50.83,\n"  # latitude and longitude swapped: outside Belgium
    )
    message, err = run_failing("import_places", path)

    assert "Nothing was imported" in message and "8 problems" in message
    assert "Row 3, column “lat”, value “abc”: not a number" in err
    assert "Row 4, column “lng”, value “200”: out of range" in err
    assert "Row 5, column “name”, value “”: a value is required" in err
    assert "Row 6, column “postal”, value “10A0”" in err
    assert "Row 7, column “lat”, value “nan”: not a number" in err
    assert "Row 8, column “lng”, value “”: a value is required" in err
    assert "Row 9, column “lat”, value “4.31”: out of range" in err
    assert "Row 9, column “lng”, value “50.83”: out of range" in err
    assert list(Place.objects.values_list("postal_code", "name", "latitude")) == [("1000", "Brussel", 50.84)]


def test_import_places_missing_column(db, tmp_path):
    path = tmp_path / "no-longitude.csv"
    path.write_text("postal,name,lat\n1000,Brussel,50.84\n")
    message, err = run_failing("import_places", path)
    assert "Row 1, column “longitude”" in err and "lng" in err
    assert Place.objects.count() == 0


def test_import_places_conflicting_repeat_is_an_error(db, tmp_path):
    path = tmp_path / "repeat.csv"
    path.write_text("postal,name,lat,lng\n1000,Brussel,50.84,4.35\n1000,Brussel,50.90,4.35\n")
    _, err = run_failing("import_places", path)
    assert "Row 3, column “postal, name”, value “1000 Brussel”: already in row 2 with other coordinates" in err


def test_import_places_bom_aliases_and_semicolons(db, tmp_path):
    path = tmp_path / "excel.csv"
    path.write_text(
        "Postal_Code;Name;Latitude;Longitude;Province\r\n4000;Liège;50,6326;5,5797;Luik\r\n", encoding="utf-8-sig"
    )
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    out, _ = run("import_places", path)
    assert "1 created" in out
    place = Place.objects.get()
    assert (place.postal_code, place.name, place.province) == ("4000", "Liège", "Luik")
    assert (place.latitude, place.longitude) == (50.6326, 5.5797)


def test_import_places_not_utf8(db, tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes("postal,name,lat,lng\n4000,Liège,50.63,5.57\n".encode("latin-1"))
    _, err = run_failing("import_places", path)
    assert "Row 2" in err and "not UTF-8" in err


def test_import_places_outside_belgium_with_anywhere(db, tmp_path):
    path = tmp_path / "paris.csv"
    path.write_text("postal,name,lat,lng\n75001,Paris,48.86,2.34\n")
    run_failing("import_places", path)
    run("import_places", path, anywhere=True)
    assert Place.objects.get().name == "Paris"


def test_import_missing_file(db, tmp_path):
    message, _ = run_failing("import_places", tmp_path / "nope.csv")
    assert "Cannot read" in message


# ---- ISCO-08 ------------------------------------------------------------------------------------


def test_import_isco_real_file(db, isco_csv):
    assert Occupation.objects.count() == len(GROUPS) == 53  # built in by a migration
    out, _ = run("import_isco", isco_csv)

    assert "566 created, 0 updated, 53 unchanged" in out
    assert Occupation.objects.count() == 619
    assert {level: Occupation.objects.filter(level=level).count() for level in (1, 2, 3, 4)} == {
        1: 10, 2: 43, 3: 130, 4: 436
    }
    assert not Occupation.objects.filter(level=1).exclude(parent=None).exists()
    assert not Occupation.objects.filter(level__gt=1, parent=None).exists()
    unit = Occupation.objects.get(code="2512")
    chain = [unit.code, unit.parent.code, unit.parent.parent.code, unit.parent.parent.parent.code]
    assert chain == ["2512", "251", "25", "2"]
    assert unit.parent.parent.parent.parent is None
    assert (unit.label_en, unit.label_fr, unit.label_nl) == (
        "Software developers", "Concepteurs de logiciels", "Softwareontwikkelaars"
    )
    assert Occupation.objects.get(code="0110").parent.code == "011"  # leading zeros kept


def test_import_isco_twice_and_updates_builtin_groups(db, isco_csv):
    run("import_isco", isco_csv)
    out, _ = run("import_isco", isco_csv)
    assert "0 created, 0 updated, 619 unchanged" in out

    Occupation.objects.filter(code="25").update(label_en="Computer people")
    out, _ = run("import_isco", isco_csv)
    assert "0 created, 1 updated, 618 unchanged" in out
    assert Occupation.objects.get(code="25").label_en == "Information and communications technology professionals"


def test_import_isco_bad_file_imports_nothing(db, tmp_path):
    path = tmp_path / "isco.csv"
    path.write_text(
        "code,level,parent,en,fr,nl\n"
        "2,1,,Professionals,Professions intellectuelles et scientifiques,Intellectuele beroepen\n"
        "25,2,2,ICT professionals,Spécialistes TIC,ICT-specialisten\n"
        "251,3,25,Software developers and analysts,Concepteurs,Ontwikkelaars\n"
        "2512,3,251,Software developers,Concepteurs de logiciels,Softwareontwikkelaars\n"
        "2513,4,251,Web developers,,Webontwikkelaars\n"
        "251,3,25,Again,Encore,Opnieuw\n"
        "7777,4,777,Nobody,Personne,Niemand\n"
        "2514,4,252,Programmers,Programmeurs,Programmeurs\n"
    )
    message, err = run_failing("import_isco", path)
    assert "Row 5, column “level”, value “3”: does not match the code 2512 (4 digits)" in err
    assert "Row 6, column “fr”, value “”: a value is required" in err
    assert "Row 7, column “code”, value “251”: duplicate code, already in row 4" in err
    assert "Row 8, column “parent”, value “777”: unknown parent group" in err
    assert "Row 9, column “parent”, value “252”: the parent of 2514 is 251" in err
    assert Occupation.objects.count() == 53
    assert Occupation.objects.get(code="25").label_en == "Information and communications technology professionals"


def test_import_isco_partial_file_with_stored_parents(db, tmp_path):
    path = tmp_path / "isco.csv"
    path.write_text("code,level,parent,en,fr,nl\n251,3,25,Developers,Concepteurs,Ontwikkelaars\n"
                    "2512,4,251,Software developers,Concepteurs de logiciels,Softwareontwikkelaars\n")
    out, _ = run("import_isco", path)
    assert "2 created" in out and "53 stored groups not in the file" in out
    assert Occupation.objects.get(code="2512").parent.parent.code == "25"


# ---- the parsers need no database ---------------------------------------------------------------


def test_parsers_are_plain_python():
    parsed = importers.parse_places("postal,name,lat,lng\n1000,Brussel,50.84,x\n")
    assert parsed.rows == []
    assert [importers.describe(e) for e in parsed.errors] == ["Row 2, column “lng”, value “x”: not a number"]
    parsed = importers.parse_places('postal,name,lat,lng\n\n1000,"Brus\nsel",50.84,4.35\n')
    assert [importers.describe(e) for e in parsed.errors] == [
        "Row 3, column “name”, value “Brus\\nsel”: contains control characters"
    ]
    parsed = importers.parse_occupations(b"\xef\xbb\xbfcode,level,parent,en,fr,nl\r\n2,1,,P,P,B\r\n")
    assert parsed.errors == [] and parsed.rows[0]["code"] == "2"
    code = "import sys, duo.reference.importers; sys.exit('django' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[1]).returncode == 0
