"""A deterministic ID-card style photo per person: a small PNG drawn with Pillow.

Not a face, a silhouette: recognisable as "the photo" in the UI (R-RS-5: the consultant compares
it) while clearly synthetic. Colours come from the seed and the personal number only, and PNG
encoding has no timestamp, so the same person always gets the same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import io
import random
from functools import lru_cache
from typing import Any

from PIL import Image, ImageDraw

WIDTH, HEIGHT = 60, 76


@lru_cache(maxsize=2048)
def photo_png(*, seed: int, personal_number: str, sex: str) -> bytes:
    rng = random.Random(hashlib.sha256(f"{seed}:{personal_number}".encode()).digest())
    background = tuple(rng.randint(170, 235) for _ in range(3))
    skin = rng.choice(((241, 204, 172), (224, 177, 140), (198, 150, 112), (233, 192, 160)))
    hair = rng.choice(((40, 30, 25), (85, 60, 40), (120, 90, 60), (150, 150, 150), (20, 20, 20)))
    clothes = tuple(rng.randint(30, 140) for _ in range(3))
    image = Image.new("RGB", (WIDTH, HEIGHT), background)
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 56, 52, 100), fill=clothes)  # shoulders
    draw.rectangle((25, 44, 35, 60), fill=skin)  # neck
    if sex == "female":
        draw.ellipse((13, 10, 47, 56), fill=hair)  # long hair behind the face
    draw.ellipse((17, 14, 43, 48), fill=skin)  # face
    draw.chord((16, 10, 44, 36), 180, 360, fill=hair)  # hair on top
    draw.ellipse((23, 28, 27, 32), fill=(40, 40, 40))
    draw.ellipse((33, 28, 37, 32), fill=(40, 40, 40))
    draw.line((26, 40, 34, 40), fill=(150, 80, 80), width=1)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()


def photo_json(*, seed: int, personal_number: str, sex: str) -> dict[str, Any]:
    data = photo_png(seed=seed, personal_number=personal_number, sex=sex)
    return {
        "media_type": "image/png",
        "width": WIDTH,
        "height": HEIGHT,
        "data": base64.b64encode(data).decode("ascii"),
    }
