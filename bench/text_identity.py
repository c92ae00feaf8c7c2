"""Identity check for speed work on the text anonymiser: one hash of the engine's outputs per evaluation part.

A speed change must leave the engine's outputs as they were (issue 17). Run this before and after (or in a
second checkout of the base commit) and compare the lines: equal hashes mean byte-identical outputs
(anonymised text, status, and every entity's type, offsets and score) on that part.

    python bench/text_identity.py

Parts: the development part with and without its deny lists, dev2 to dev166, test, both held-out parts (texts are
hashed, never printed: the held-out part stays unread), the regression cases and 600 generated notations.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

# Run as a script, Python puts bench/ first on the path, where bench/requests.py shadows the requests package.
if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    sys.path.pop(0)
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fixtures.text import evaluation, notations  # noqa: E402


def parts() -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    """Every evaluation text with the deny list the engine gets for it, by part."""
    dev = evaluation.load(evaluation.CORPUS_PATH)
    out = {
        "dev": [(r["text"], tuple(r["deny"])) for r in dev],
        "dev, no deny lists": [(r["text"], ()) for r in dev],
    }
    for name, path in (
        ("dev2", evaluation.DEV2_PATH),
        ("dev3", evaluation.DEV3_PATH),
        ("dev4", evaluation.DEV4_PATH),
        ("dev5", evaluation.DEV5_PATH),
        ("dev6", evaluation.DEV6_PATH),
        ("dev7", evaluation.DEV7_PATH),
        ("dev8", evaluation.DEV8_PATH),
        ("dev9", evaluation.DEV9_PATH),
        ("dev10", evaluation.DEV10_PATH),
        ("dev11", evaluation.DEV11_PATH),
        ("dev12", evaluation.DEV12_PATH),
        ("dev13", evaluation.DEV13_PATH),
        ("dev14", evaluation.DEV14_PATH),
        ("dev15", evaluation.DEV15_PATH),
        ("dev16", evaluation.DEV16_PATH),
        ("dev17", evaluation.DEV17_PATH),
        ("dev18", evaluation.DEV18_PATH),
        ("dev19", evaluation.DEV19_PATH),
        ("dev20", evaluation.DEV20_PATH),
        ("dev21", evaluation.DEV21_PATH),
        ("dev22", evaluation.DEV22_PATH),
        ("dev23", evaluation.DEV23_PATH),
        ("dev24", evaluation.DEV24_PATH),
        ("dev25", evaluation.DEV25_PATH),
        ("dev26", evaluation.DEV26_PATH),
        ("dev27", evaluation.DEV27_PATH),
        ("dev28", evaluation.DEV28_PATH),
        ("dev29", evaluation.DEV29_PATH),
        ("dev30", evaluation.DEV30_PATH),
        ("dev31", evaluation.DEV31_PATH),
        ("dev32", evaluation.DEV32_PATH),
        ("dev33", evaluation.DEV33_PATH),
        ("dev34", evaluation.DEV34_PATH),
        ("dev35", evaluation.DEV35_PATH),
        ("dev36", evaluation.DEV36_PATH),
        ("dev37", evaluation.DEV37_PATH),
        ("dev38", evaluation.DEV38_PATH),
        ("dev39", evaluation.DEV39_PATH),
        ("dev40", evaluation.DEV40_PATH),
        ("dev41", evaluation.DEV41_PATH),
        ("dev42", evaluation.DEV42_PATH),
        ("dev43", evaluation.DEV43_PATH),
        ("dev44", evaluation.DEV44_PATH),
        ("dev45", evaluation.DEV45_PATH),
        ("dev46", evaluation.DEV46_PATH),
        ("dev47", evaluation.DEV47_PATH),
        ("dev48", evaluation.DEV48_PATH),
        ("dev49", evaluation.DEV49_PATH),
        ("dev50", evaluation.DEV50_PATH),
        ("dev51", evaluation.DEV51_PATH),
        ("dev52", evaluation.DEV52_PATH),
        ("dev53", evaluation.DEV53_PATH),
        ("dev54", evaluation.DEV54_PATH),
        ("dev55", evaluation.DEV55_PATH),
        ("dev56", evaluation.DEV56_PATH),
        ("dev57", evaluation.DEV57_PATH),
        ("dev58", evaluation.DEV58_PATH),
        ("dev59", evaluation.DEV59_PATH),
        ("dev60", evaluation.DEV60_PATH),
        ("dev61", evaluation.DEV61_PATH),
        ("dev62", evaluation.DEV62_PATH),
        ("dev63", evaluation.DEV63_PATH),
        ("dev64", evaluation.DEV64_PATH),
        ("dev65", evaluation.DEV65_PATH),
        ("dev66", evaluation.DEV66_PATH),
        ("dev67", evaluation.DEV67_PATH),
        ("dev68", evaluation.DEV68_PATH),
        ("dev69", evaluation.DEV69_PATH),
        ("dev70", evaluation.DEV70_PATH),
        ("dev71", evaluation.DEV71_PATH),
        ("dev72", evaluation.DEV72_PATH),
        ("dev73", evaluation.DEV73_PATH),
        ("dev74", evaluation.DEV74_PATH),
        ("dev75", evaluation.DEV75_PATH),
        ("dev76", evaluation.DEV76_PATH),
        ("dev77", evaluation.DEV77_PATH),
        ("dev78", evaluation.DEV78_PATH),
        ("dev79", evaluation.DEV79_PATH),
        ("dev80", evaluation.DEV80_PATH),
        ("dev81", evaluation.DEV81_PATH),
        ("dev82", evaluation.DEV82_PATH),
        ("dev83", evaluation.DEV83_PATH),
        ("dev84", evaluation.DEV84_PATH),
        ("dev85", evaluation.DEV85_PATH),
        ("dev86", evaluation.DEV86_PATH),
        ("dev87", evaluation.DEV87_PATH),
        ("dev88", evaluation.DEV88_PATH),
        ("dev89", evaluation.DEV89_PATH),
        ("dev90", evaluation.DEV90_PATH),
        ("dev91", evaluation.DEV91_PATH),
        ("dev92", evaluation.DEV92_PATH),
        ("dev93", evaluation.DEV93_PATH),
        ("dev94", evaluation.DEV94_PATH),
        ("dev95", evaluation.DEV95_PATH),
        ("dev96", evaluation.DEV96_PATH),
        ("dev97", evaluation.DEV97_PATH),
        ("dev98", evaluation.DEV98_PATH),
        ("dev99", evaluation.DEV99_PATH),
        ("dev100", evaluation.DEV100_PATH),
        ("dev101", evaluation.DEV101_PATH),
        ("dev102", evaluation.DEV102_PATH),
        ("dev103", evaluation.DEV103_PATH),
        ("dev104", evaluation.DEV104_PATH),
        ("dev105", evaluation.DEV105_PATH),
        ("dev106", evaluation.DEV106_PATH),
        ("dev107", evaluation.DEV107_PATH),
        ("dev108", evaluation.DEV108_PATH),
        ("dev109", evaluation.DEV109_PATH),
        ("dev110", evaluation.DEV110_PATH),
        ("dev111", evaluation.DEV111_PATH),
        ("dev112", evaluation.DEV112_PATH),
        ("dev113", evaluation.DEV113_PATH),
        ("dev114", evaluation.DEV114_PATH),
        ("dev115", evaluation.DEV115_PATH),
        ("dev116", evaluation.DEV116_PATH),
        ("dev117", evaluation.DEV117_PATH),
        ("dev118", evaluation.DEV118_PATH),
        ("dev119", evaluation.DEV119_PATH),
        ("dev120", evaluation.DEV120_PATH),
        ("dev121", evaluation.DEV121_PATH),
        ("dev122", evaluation.DEV122_PATH),
        ("dev123", evaluation.DEV123_PATH),
        ("dev124", evaluation.DEV124_PATH),
        ("dev125", evaluation.DEV125_PATH),
        ("dev126", evaluation.DEV126_PATH),
        ("dev127", evaluation.DEV127_PATH),
        ("dev128", evaluation.DEV128_PATH),
        ("dev129", evaluation.DEV129_PATH),
        ("dev130", evaluation.DEV130_PATH),
        ("dev131", evaluation.DEV131_PATH),
        ("dev132", evaluation.DEV132_PATH),
        ("dev133", evaluation.DEV133_PATH),
        ("dev134", evaluation.DEV134_PATH),
        ("dev135", evaluation.DEV135_PATH),
        ("dev136", evaluation.DEV136_PATH),
        ("dev137", evaluation.DEV137_PATH),
        ("dev138", evaluation.DEV138_PATH),
        ("dev139", evaluation.DEV139_PATH),
        ("dev140", evaluation.DEV140_PATH),
        ("dev141", evaluation.DEV141_PATH),
        ("dev142", evaluation.DEV142_PATH),
        ("dev143", evaluation.DEV143_PATH),
        ("dev144", evaluation.DEV144_PATH),
        ("dev145", evaluation.DEV145_PATH),
        ("dev146", evaluation.DEV146_PATH),
        ("dev147", evaluation.DEV147_PATH),
        ("dev148", evaluation.DEV148_PATH),
        ("dev149", evaluation.DEV149_PATH),
        ("dev150", evaluation.DEV150_PATH),
        ("dev151", evaluation.DEV151_PATH),
        ("dev152", evaluation.DEV152_PATH),
        ("dev153", evaluation.DEV153_PATH),
        ("dev154", evaluation.DEV154_PATH),
        ("dev155", evaluation.DEV155_PATH),
        ("dev156", evaluation.DEV156_PATH),
        ("dev157", evaluation.DEV157_PATH),
        ("dev158", evaluation.DEV158_PATH),
        ("dev159", evaluation.DEV159_PATH),
        ("dev160", evaluation.DEV160_PATH),
        ("dev161", evaluation.DEV161_PATH),
        ("dev162", evaluation.DEV162_PATH),
        ("dev163", evaluation.DEV163_PATH),
        ("dev164", evaluation.DEV164_PATH),
        ("dev165", evaluation.DEV165_PATH),
        ("dev166", evaluation.DEV166_PATH),
        ("test", evaluation.TEST_PATH),
    ):
        out[name] = [(r["text"], ()) for r in evaluation.load(path)]
    out["heldout"] = [(r["text"], ()) for r in evaluation.load(evaluation.HELDOUT_PATH)]
    out["heldout2"] = [(r["text"], ()) for r in evaluation.load(evaluation.HELDOUT2_PATH)]
    cases = json.loads((ROOT / "tests" / "text" / "regression_cases.json").read_text(encoding="utf-8"))
    out["regression cases"] = [(c["text"], tuple(c["deny"])) for c in cases]
    out["notations"] = [(c.text, ()) for c in notations.generate(per_kind=150)]
    return out


def digest(engine, items: list[tuple[str, tuple[str, ...]]]) -> str:
    """A hash of what the engine returns for ``items``: anonymised text, status, entities with scores."""
    h = hashlib.sha256()
    for text, deny in items:
        result = engine.anonymise(text, deny)
        entities = [(e.type, e.start, e.end, e.score) for e in engine.analyse(text, deny)]
        h.update(repr((result.text, result.status, entities)).encode())
    return h.hexdigest()[:16]


def main() -> int:
    from transforms.text.engine import TextAnonymiser

    engine = TextAnonymiser()
    for name, items in parts().items():
        print(f"{digest(engine, items)}  {name} ({len(items)} texts)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
