namespace NanoBanana.Sdk.Emulator.Imaging;

/// <summary>What one emulated model accepts and returns: sizes, ratios, tiers, pixel sizes and image tokens.</summary>
/// <param name="Id">The canonical id (no <c>-preview</c> suffix).</param>
/// <param name="IsGemini3">Gemini 3 models think: their answers carry thought parts and a thought token count.</param>
/// <param name="Sizes">Accepted <c>imageSize</c> values, exactly as the service spells them (for a model that takes no size, the one size it returns).</param>
/// <param name="Ratios">Accepted <c>aspectRatio</c> values.</param>
/// <param name="OneKPixels">Width × height per ratio at 1K; 512 is half, 2K double, 4K four times (Google's tables), except <see cref="PixelExceptions"/>.</param>
/// <param name="Tokens">Output tokens billed for one image of each size.</param>
internal sealed record ModelSpec(
    string Id,
    bool IsGemini3,
    IReadOnlyList<string> Sizes,
    IReadOnlyList<string> Ratios,
    IReadOnlyDictionary<string, (int Width, int Height)> OneKPixels,
    IReadOnlyDictionary<string, int> Tokens)
{
    public const string DefaultSize = "1K";
    public const string DefaultRatio = "1:1";

    /// <summary>Accepted <c>service_tier</c> values. <c>standard</c> is always accepted.</summary>
    public IReadOnlyList<string> Tiers { get; init; } = ["standard"];

    /// <summary>Whether the request may carry <c>imageSize</c> at all (<c>gemini-2.5-flash-image</c>: no).</summary>
    public bool TakesSize { get; init; } = true;

    /// <summary>Cells of Google's pixel tables that do not follow the scaling rule, keyed <c>size ratio</c>.</summary>
    public IReadOnlyDictionary<string, (int Width, int Height)> PixelExceptions { get; init; } = new Dictionary<string, (int Width, int Height)>();

    /// <summary>Output tokens billed for one image of a size.</summary>
    public int ImageTokens(string size) => Tokens.TryGetValue(size, out var tokens) ? tokens : Tokens[DefaultSize];

    /// <summary>The pixel size the real model returns for a size and ratio.</summary>
    public (int Width, int Height) Pixels(string size, string ratio)
    {
        if (PixelExceptions.TryGetValue($"{size} {ratio}", out var exact))
        {
            return exact;
        }

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

/// <summary>
/// The Nano Banana models, as MODELS.md (2026-11-29) describes them. Kept apart from the SDK's catalog on purpose
/// (the emulator is an independent oracle); a drift test compares the two.
/// </summary>
internal static class ModelSpecs
{
    public static readonly string[] StandardRatios = ["1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9"];
    public static readonly string[] ExtendedRatios = ["1:4", "4:1", "1:8", "8:1"];
    public static readonly string[] AllSizes = ["512", "1K", "2K", "4K"];

    // The 3.x 1K column of Google's tables (GUIDE 2026-09-05), extended ratios included.
    private static readonly Dictionary<string, (int, int)> Gemini3OneK = new()
    {
        ["1:1"] = (1024, 1024), ["2:3"] = (848, 1264), ["3:2"] = (1264, 848), ["3:4"] = (896, 1200),
        ["4:3"] = (1200, 896), ["4:5"] = (928, 1152), ["5:4"] = (1152, 928), ["9:16"] = (768, 1376),
        ["16:9"] = (1376, 768), ["21:9"] = (1584, 672),
        ["1:4"] = (512, 2048), ["4:1"] = (2048, 512), ["1:8"] = (384, 3072), ["8:1"] = (3072, 384),
    };

    private static readonly Dictionary<string, (int, int)> LegacyOneK = new()
    {
        ["1:1"] = (1024, 1024), ["2:3"] = (832, 1248), ["3:2"] = (1248, 832), ["3:4"] = (864, 1184),
        ["4:3"] = (1184, 864), ["4:5"] = (896, 1152), ["5:4"] = (1152, 896), ["9:16"] = (768, 1344),
        ["16:9"] = (1344, 768), ["21:9"] = (1536, 672),
    };

    // Google prints 792x168 for 21:9 at 512 (not proportional, U6); the emulator returns what Google prints.
    private static readonly Dictionary<string, (int, int)> FlashExceptions = new() { ["512 21:9"] = (792, 168) };

    public static readonly IReadOnlyList<ModelSpec> All =
    [
        new("gemini-3.1-flash-lite-image", true, ["1K"], StandardRatios, Gemini3OneK, new Dictionary<string, int> { ["1K"] = 1120 }),
        new("gemini-3.1-flash-image", true, AllSizes, [.. StandardRatios, .. ExtendedRatios], Gemini3OneK,
            new Dictionary<string, int> { ["512"] = 747, ["1K"] = 1120, ["2K"] = 1680, ["4K"] = 2520 })
        {
            PixelExceptions = FlashExceptions,
        },
        new("gemini-nano-banana-2.1", true, ["1K", "2K", "4K"], [.. StandardRatios, .. ExtendedRatios], Gemini3OneK,
            new Dictionary<string, int> { ["1K"] = 1120, ["2K"] = 1680, ["4K"] = 3780 }),
        new("gemini-3-pro-image", true, ["1K", "2K", "4K"], StandardRatios, Gemini3OneK,
            new Dictionary<string, int> { ["1K"] = 1120, ["2K"] = 1120, ["4K"] = 2000 })
        {
            Tiers = ["standard", "flex"],
        },
        new("gemini-2.5-flash-image", false, ["1K"], StandardRatios, LegacyOneK, new Dictionary<string, int> { ["1K"] = 1290 })
        {
            Tiers = ["standard", "flex", "priority"],
            TakesSize = false,
        },
    ];

    /// <summary>Ids Google has shut down (404 on Google's own routes); gateways still map them as aliases. Id → replacement.</summary>
    public static readonly IReadOnlyDictionary<string, string> ShutDown = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["gemini-3.1-flash-image-preview"] = "gemini-3.1-flash-image",
        ["gemini-3-pro-image-preview"] = "gemini-3-pro-image",
        ["nano-banana-pro-preview"] = "gemini-3-pro-image",
        ["gemini-2.5-flash-image-preview"] = "gemini-2.5-flash-image",
    };

    /// <summary>Finds a model by id; <c>models/</c> prefixes and <c>-preview</c> suffixes name the same model (gateway aliases).</summary>
    public static ModelSpec? Find(string? model)
    {
        if (string.IsNullOrEmpty(model))
        {
            return null;
        }

        var bare = Bare(model);
        if (ShutDown.TryGetValue(bare, out var replacement))
        {
            bare = replacement;
        }
        else if (bare.EndsWith("-preview", StringComparison.Ordinal))
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

    /// <summary>Finds a model served on Google's own routes: a shut-down id is not found there (404), as on the real API.</summary>
    public static ModelSpec? FindServed(string? model) =>
        model is not null && ShutDown.ContainsKey(Bare(model)) ? null : Find(model);

    private static string Bare(string model) => model.StartsWith("models/", StringComparison.Ordinal) ? model["models/".Length..] : model;
}
