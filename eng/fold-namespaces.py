#!/usr/bin/env python3
"""One-off migration (kept for branches that predate it): the common path lives in the root namespace.

Types under src/NanoBanana.Sdk/{Official,Images,Models} move from NanoBanana.Sdk.{Official,Images,Models} to
NanoBanana.Sdk, so a user needs one `using NanoBanana.Sdk;` for client, request, result, sizes, ratios and tiers.
Run from the repository root: python3 eng/fold-namespaces.py
"""
import pathlib, re

OLD = ("Official", "Images", "Models")
root = pathlib.Path(".")
for path in list(root.glob("src/**/*.cs")) + list(root.glob("tests/**/*.cs")) + list(root.glob("samples/**/*.cs")) + list(root.glob("benchmarks/**/*.cs")):
    if "/obj/" in str(path) or "/bin/" in str(path):
        continue
    text = path.read_text()
    new = text
    for ns in OLD:
        new = re.sub(rf"^namespace NanoBanana\.Sdk\.{ns};", "namespace NanoBanana.Sdk;", new, flags=re.M)
        new = re.sub(rf"^using NanoBanana\.Sdk\.{ns};\n", "", new, flags=re.M)
        new = re.sub(rf"\bNanoBanana\.Sdk\.{ns}\.(?=[A-Z])", "NanoBanana.Sdk.", new)
        new = re.sub(rf"\bSdk\.{ns}\.(?=[A-Z])", "Sdk.", new)
        # Partly qualified names inside the SDK's own namespace tree: Models.ImageSize, Images.ImageInput, Official.X.
        new = re.sub(rf"(?<![\w.]){ns}\.(?=(ImageSize|AspectRatio|ImageModel|ModelCatalog|ModelResolution|ImageInput|ImageGenerationResult|GeneratedImage|ImageMimeTypes|OfficialImageClient|OfficialTransport|SdkUserAgent)\b)", "", new)
    if new != text:
        # A file outside the NanoBanana.Sdk namespace tree that used a folded namespace needs the root one.
        if not re.search(r"^namespace NanoBanana\.Sdk", new, flags=re.M) and "using NanoBanana.Sdk;" not in new:
            new = "using NanoBanana.Sdk;\n" + new
        path.write_text(new)
        print("folded", path)
