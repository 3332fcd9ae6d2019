namespace NanoBanana.Sdk.Emulator.Imaging;

/// <summary>What one emulated model accepts and returns: sizes, ratios, pixel sizes and image tokens.</summary>
/// <param name="Id">The canonical id (no <c>-preview</c> suffix).</param>
/// <param name="IsGemini3">Gemini 3 models think: their answers carry thought parts and a thought token count.</param>
/// <param name="Sizes">Accepted <c>imageSize</c> values, exactly as the service spells them.</param>
/// <param name="Ratios">Accepted <c>aspectRatio</c> values.</param>
/// <param name="OneKPixels">Width × height per ratio at 1K; other sizes scale from it.</param>
/// <param name="ImageTokens">Output tokens billed for one image of a size.</param>
internal sealed record ModelSpec(
    string Id,
    bool IsGemini3,
    IReadOnlyList<string> Sizes,
    IReadOnlyList<string> Ratios,
    IReadOnlyDictionary<string, (int Width, int Height)> OneKPixels,
    Func<string, int> ImageTokens)
{
    public const string DefaultSize = "1K";
    public const string DefaultRatio = "1:1";

    /// <summary>The pixel size the real model returns for a size and ratio: 512 is half of 1K, 2K double, 4K four times.</summary>
    public (int Width, int Height) Pixels(string size, string ratio)
    {
        var (w, h) = OneKPixels[ratio];
        return size switch
        {
            "512" => (w / 2, h / 2),
            "2K" => (w * 2, h * 2),
            "4K" => (w * 4, h * 4),
            _ => (w, h),
        };
    }
}

/// <summary>The four Nano Banana models. Kept apart from the SDK's catalog on purpose: the emulator is an independent oracle.</summary>
internal static class ModelSpecs
{
    public static readonly string[] StandardRatios = ["1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9"];
    public static readonly string[] ExtendedRatios = ["1:4", "4:1", "1:8", "8:1"];
    public static readonly string[] AllSizes = ["512", "1K", "2K", "4K"];

    private static readonly Dictionary<string, (int, int)> Gemini3OneK = new()
    {
        ["1:1"] = (1024, 1024), ["2:3"] = (848, 1264), ["3:2"] = (1264, 848), ["3:4"] = (896, 1200),
        ["4:3"] = (1200, 896), ["4:5"] = (928, 1152), ["5:4"] = (1152, 928), ["9:16"] = (768, 1376),
        ["16:9"] = (1376, 768), ["21:9"] = (1584, 672),
        // Extended ratios (gemini-3.1-flash-image only): approximations; Google publishes no pixel table for them.
        ["1:4"] = (512, 2048), ["4:1"] = (2048, 512), ["1:8"] = (384, 3072), ["8:1"] = (3072, 384),
    };

    private static readonly Dictionary<string, (int, int)> LegacyOneK = new()
    {
        ["1:1"] = (1024, 1024), ["2:3"] = (832, 1248), ["3:2"] = (1248, 832), ["3:4"] = (864, 1184),
        ["4:3"] = (1184, 864), ["4:5"] = (896, 1152), ["5:4"] = (1152, 896), ["9:16"] = (768, 1344),
        ["16:9"] = (1344, 768), ["21:9"] = (1536, 672),
    };

    // Image output tokens. Pro: 1,120 per 1K/2K image and 2,000 per 4K (Google's price page). Flash models:
    // 1,290 per image as published for gemini-2.5-flash-image; the same figure is used for every size of the
    // 3.1 flash models, whose per-size token counts are not published here — an approximation.
    private static int ProTokens(string size) => size == "4K" ? 2000 : 1120;

    private static int FlashTokens(string size) => 1290;

    public static readonly IReadOnlyList<ModelSpec> All =
    [
        new("gemini-3.1-flash-lite-image", true, ["512", "1K", "2K"], StandardRatios, Gemini3OneK, FlashTokens),
        new("gemini-3.1-flash-image", true, AllSizes, [.. StandardRatios, .. ExtendedRatios], Gemini3OneK, FlashTokens),
        new("gemini-3-pro-image", true, ["1K", "2K", "4K"], StandardRatios, Gemini3OneK, ProTokens),
        new("gemini-2.5-flash-image", false, ["1K"], StandardRatios, LegacyOneK, FlashTokens),
    ];

    /// <summary>Finds a model by id; <c>models/</c> prefixes and <c>-preview</c> suffixes name the same model.</summary>
    public static ModelSpec? Find(string? model)
    {
        if (string.IsNullOrEmpty(model))
        {
            return null;
        }

        var bare = model.StartsWith("models/", StringComparison.Ordinal) ? model["models/".Length..] : model;
        if (bare.EndsWith("-preview", StringComparison.Ordinal))
        {
            bare = bare[..^"-preview".Length];
        }

        foreach (var spec in All)
        {
            if (string.Equals(spec.Id, bare, StringComparison.Ordinal))
            {
                return spec;
            }
        }

        return null;
    }
}
