namespace NanoBanana.Sdk;

/// <summary>
/// The embedded model facts of MODELS.md (compiled 2026-11-29): sizes, ratios, pixel tables, image tokens,
/// lanes and lifecycle per model, each with its public sources. <see cref="ModelCatalog.Default"/> is built from
/// these rows; users override any of them with <see cref="ModelCatalog.WithModel"/>.
/// </summary>
internal static class ModelFacts
{
    private const string Pricing = "https://ai.google.dev/gemini-api/docs/pricing";
    private const string Guide = "https://ai.google.dev/gemini-api/docs/image-generation";
    private const string Deprecations = "https://ai.google.dev/gemini-api/docs/deprecations";
    private const string Changelog = "https://ai.google.dev/gemini-api/docs/changelog";

    private static readonly DateOnly PreviewShutdown = new(2026, 6, 25);

    // Pixel tables, 1K column (GUIDE 2026-09-05); 2K and 4K are exactly x2 and x4 in Google's tables, 512 is half.
    private static readonly (AspectRatio Ratio, int Width, int Height)[] Gemini3OneK =
    [
        (AspectRatio.Square, 1024, 1024), (AspectRatio.Portrait1x4, 512, 2048), (AspectRatio.Portrait1x8, 384, 3072),
        (AspectRatio.Portrait2x3, 848, 1264), (AspectRatio.Landscape3x2, 1264, 848), (AspectRatio.Portrait3x4, 896, 1200),
        (AspectRatio.Landscape4x1, 2048, 512), (AspectRatio.Landscape4x3, 1200, 896), (AspectRatio.Portrait4x5, 928, 1152),
        (AspectRatio.Landscape5x4, 1152, 928), (AspectRatio.Landscape8x1, 3072, 384), (AspectRatio.Portrait9x16, 768, 1376),
        (AspectRatio.Landscape16x9, 1376, 768), (AspectRatio.Landscape21x9, 1584, 672),
    ];

    private static readonly (AspectRatio Ratio, int Width, int Height)[] LegacyOneK =
    [
        (AspectRatio.Square, 1024, 1024), (AspectRatio.Portrait2x3, 832, 1248), (AspectRatio.Landscape3x2, 1248, 832),
        (AspectRatio.Portrait3x4, 864, 1184), (AspectRatio.Landscape4x3, 1184, 864), (AspectRatio.Portrait4x5, 896, 1152),
        (AspectRatio.Landscape5x4, 1152, 896), (AspectRatio.Portrait9x16, 768, 1344), (AspectRatio.Landscape16x9, 1344, 768),
        (AspectRatio.Landscape21x9, 1536, 672),
    ];

    internal static IReadOnlyList<ImageModel> Models { get; } =
    [
        new ImageModel
        {
            Id = ImageModel.FlashLiteImageId,
            FamilyName = "Nano Banana 2 Lite",
            Tier = ModelTier.Lite,
            SupportedSizes = [ImageSize.OneK],
            SupportedAspectRatios = AspectRatio.Standard,
            ImageTokens = Tokens((ImageSize.OneK, 1120)),
            // No Google pixel table for Lite (U7): the 3.x 1K column is used (secondary).
            Pixels = PixelTable(Gemini3OneK, AspectRatio.Standard, ImageSize.OneK),
            Lanes = [PriceLane.GoogleStandard, PriceLane.GoogleBatch],
            Lifecycle = new ModelLifecycle { ReleasedOn = new(2026, 6, 30), Source = $"{Changelog} (entry 2026-06-30)" },
            Source = $"https://ai.google.dev/gemini-api/docs/models/gemini-3.1-flash-lite-image (June 2026): 1K only, 10 ratios on the Gemini API (the Vertex page lists 14: conflict C5, resolved to 10); Flex and Priority not supported. {Pricing} (read 2026-10-08): 1,120 tokens. Pixel sizes: no Google table, the 3.x 1K column is used (secondary).",
        },
        new ImageModel
        {
            Id = ImageModel.FlashImageId,
            FamilyName = "Nano Banana 2",
            Tier = ModelTier.Standard,
            SupportedSizes = [ImageSize.Size512, ImageSize.OneK, ImageSize.TwoK, ImageSize.FourK],
            SupportedAspectRatios = AspectRatio.All,
            ImageTokens = Tokens((ImageSize.Size512, 747), (ImageSize.OneK, 1120), (ImageSize.TwoK, 1680), (ImageSize.FourK, 2520)),
            Pixels = PixelTable(Gemini3OneK, AspectRatio.All, ImageSize.Size512, ImageSize.OneK, ImageSize.TwoK, ImageSize.FourK),
            Lanes = [PriceLane.GoogleStandard, PriceLane.GoogleBatch],
            Lifecycle = new ModelLifecycle
            {
                ReleasedOn = new(2026, 5, 28),
                DeprecatedOn = new(2026, 10, 6),
                ReplacementId = ImageModel.NanoBanana21Id,
                Note = "Secondary sources claim a shutdown on 2026-10-29; Google names no date (conflict C3, unresolved).",
                Source = $"{Changelog} (entry 2026-10-06, read 2026-10-08); {Deprecations} (mid-2026: \"No shutdown date announced\")",
            },
            Source = $"{Guide} (2026-09-05): sizes 512/1K/2K/4K, 14 ratios, pixel table; {Pricing} (read 2026-10-08): 747/1,120/1,680/2,520 tokens (a Chinese guide copy gives 1,120/2,000 for 2K/4K: conflict C2, resolved to the pricing pages); https://ai.google.dev/gemini-api/docs/models/gemini-3.1-flash-image (2026-09-03): Flex and Priority not supported.",
        },
        new ImageModel
        {
            Id = ImageModel.NanoBanana21Id,
            FamilyName = "Nano Banana 2.1",
            Tier = ModelTier.Standard,
            SupportedSizes = [ImageSize.OneK, ImageSize.TwoK, ImageSize.FourK],
            SupportedAspectRatios = AspectRatio.All,
            ImageTokens = Tokens((ImageSize.OneK, 1120), (ImageSize.TwoK, 1680), (ImageSize.FourK, 3780)),
            Pixels = PixelTable(Gemini3OneK, AspectRatio.All, ImageSize.OneK, ImageSize.TwoK, ImageSize.FourK),
            Lanes = [PriceLane.GoogleStandard, PriceLane.GoogleBatch],
            Lifecycle = new ModelLifecycle { ReleasedOn = new(2026, 10, 6), Source = $"{Changelog} (entry 2026-10-06, read 2026-10-08)" },
            Source = $"{Pricing} and https://cloud.google.com/vertex-ai/generative-ai/pricing (read 2026-10-08): 1,120/1,680/3,780 tokens (the guide says 2,520 for 4K: conflict C9, resolved to the pricing pages); sizes 1K/2K/4K (512 not supported), 14 ratios; pixel sizes follow the 3.1 Flash Image table of {Guide}. No Flex or Priority on the Gemini API.",
        },
        new ImageModel
        {
            Id = ImageModel.ProImageId,
            FamilyName = "Nano Banana Pro",
            Tier = ModelTier.Pro,
            SupportedSizes = [ImageSize.OneK, ImageSize.TwoK, ImageSize.FourK],
            SupportedAspectRatios = AspectRatio.Standard,
            ImageTokens = Tokens((ImageSize.OneK, 1120), (ImageSize.TwoK, 1120), (ImageSize.FourK, 2000)),
            Pixels = PixelTable(Gemini3OneK, AspectRatio.Standard, ImageSize.OneK, ImageSize.TwoK, ImageSize.FourK),
            Lanes = [PriceLane.GoogleStandard, PriceLane.GoogleBatch, PriceLane.GoogleFlex],
            Lifecycle = new ModelLifecycle { ReleasedOn = new(2026, 5, 28), Source = $"{Changelog} (entry 2026-05-28); {Deprecations} (mid-2026: no shutdown date)" },
            Source = $"{Guide} (2026-09-05): sizes 1K/2K/4K, 10 ratios, pixel table; {Pricing} (read 2026-10-08): 1,120/1,120/2,000 tokens, Flex row. Priority on the Gemini API is unconfirmed (U2), so no Priority lane.",
        },
        new ImageModel
        {
            Id = ImageModel.LegacyFlashImageId,
            FamilyName = "Legacy Nano Banana",
            Tier = ModelTier.Legacy,
            SupportedSizes = [ImageSize.OneK],
            SupportedAspectRatios = AspectRatio.Standard,
            ImageTokens = Tokens((ImageSize.OneK, 1290)),
            Pixels = PixelTable(LegacyOneK, AspectRatio.Standard, ImageSize.OneK),
            Lanes = [PriceLane.GoogleStandard, PriceLane.GoogleBatch, PriceLane.GoogleFlex, PriceLane.GooglePriority],
            SendsImageSize = false,
            Lifecycle = new ModelLifecycle
            {
                ReleasedOn = new(2025, 10, 2),
                ReplacementId = ImageModel.FlashLiteImageId,
                Note = "Access is restricted to projects that already used it (changelog 2026-09-18); Google's shutdown dates contradict each other (2026-10-02 vs 2027-03-15: conflict C4), so none is enforced.",
                Source = $"{Deprecations} (read 2026-10-08); {Changelog} (entry 2026-09-18)",
            },
            Source = $"{Guide} (generateContent version, 2026): no size parameter, one ~1 MP size per ratio (pixel table), 10 ratios; {Pricing} (read 2026-10-08): 1,290 tokens, Flex and Priority rows.",
        },
    ];

    /// <summary>Shut-down <c>-preview</c> ids: provider aliases for pricing, refused on Google's routes.</summary>
    internal static IReadOnlyList<(string Alias, string ModelId, ModelLifecycle Lifecycle)> RetiredAliases { get; } =
    [
        Preview("gemini-3.1-flash-image-preview", ImageModel.FlashImageId, new(2026, 2, 26)),
        Preview("gemini-3-pro-image-preview", ImageModel.ProImageId, new(2025, 11, 20)),
        Preview("nano-banana-pro-preview", ImageModel.ProImageId, new(2025, 11, 20)),
        ("gemini-2.5-flash-image-preview", ImageModel.LegacyFlashImageId, new ModelLifecycle
        {
            ShutdownOn = new(2026, 3, 19),
            ReplacementId = ImageModel.LegacyFlashImageId,
            Note = "Google's date was not captured; the date is secondary (pollinations).",
            Source = "https://github.com/pollinations/pollinations (PR #9286, secondary)",
        }),
    ];

    private static (string, string, ModelLifecycle) Preview(string alias, string modelId, DateOnly released) =>
        (alias, modelId, new ModelLifecycle
        {
            ReleasedOn = released,
            ShutdownOn = PreviewShutdown,
            ReplacementId = modelId,
            Source = $"{Changelog} (entry 2026-05-28); {Deprecations} (mid-2026 copy)",
        });

    private static Dictionary<ImageSize, int> Tokens(params (ImageSize Size, int Tokens)[] rows) =>
        rows.ToDictionary(r => r.Size, r => r.Tokens);

    private static Dictionary<ImageSize, IReadOnlyDictionary<AspectRatio, (int Width, int Height)>> PixelTable(
        (AspectRatio Ratio, int Width, int Height)[] oneK, IReadOnlyList<AspectRatio> ratios, params ImageSize[] sizes)
    {
        var table = new Dictionary<ImageSize, IReadOnlyDictionary<AspectRatio, (int Width, int Height)>>();
        foreach (var size in sizes)
        {
            var column = new Dictionary<AspectRatio, (int Width, int Height)>();
            foreach (var (ratio, width, height) in oneK.Where(r => ratios.Contains(r.Ratio)))
            {
                column[ratio] = size.Value switch
                {
                    // Google's table prints 792x168 for 21:9 at 512 (not proportional; U6): kept as printed.
                    "512" when ratio == AspectRatio.Landscape21x9 => (792, 168),
                    "512" => (width / 2, height / 2),
                    "2K" => (width * 2, height * 2),
                    "4K" => (width * 4, height * 4),
                    _ => (width, height),
                };
            }

            table[size] = column;
        }

        return table;
    }
}
