
namespace NanoBanana.Sdk.Pricing;

/// <summary>
/// The embedded default prices (MODELS.md §5), each with a public source URL and the date it was read. Google rows
/// are $/1M token rates per model, lane and token kind; a per-image price is tokens per size
/// (<see cref="ImageModel.ImageTokens"/>) × the image-output rate. Users override any row. Where no Google page gives
/// a rate (Lite Batch input/text, Pro Flex input/text, Pro Priority, 2.5 text output) there is no row, so a lookup
/// says Missing instead of inventing a number.
/// </summary>
internal static class SeedPrices
{
    internal const string LaozhangAi = "laozhang.ai";

    private const string PricingPage = "https://ai.google.dev/gemini-api/docs/pricing";
    private const string Read1008 = $"{PricingPage} (read 2026-10-08)";
    private const string Copy0905 = $"{PricingPage} (copy of 2026-09-05)";
    private static readonly DateOnly Checked1008 = new(2026, 10, 8);
    private static readonly DateOnly Checked0905 = new(2026, 9, 5);

    private const string ProviderDocs = "https://docs.laozhang.ai (public price list)";

    // The provider's list is dated by month only; the first of the month is recorded and the source says so.
    private const string ProviderListSource = $"{ProviderDocs}, 2026-10 (per call, flat across sizes; month only, recorded as 2026-10-01)";
    private static readonly DateOnly ProviderListChecked = new(2026, 10, 1);

    private const PriceUnit Image = PriceUnit.PerMillionOutputImageTokens;
    private const PriceUnit Text = PriceUnit.PerMillionOutputTextTokens;
    private const PriceUnit Input = PriceUnit.PerMillionInputTokens;

    internal static IReadOnlyList<PriceRow> Rows { get; } =
    [
        // Nano Banana 2 Lite: Standard and Batch only (no Flex/Priority). Batch input/text not captured (U1): no rows.
        Google(ImageModel.FlashLiteImageId, PriceLane.GoogleStandard, Image, 30m, $"{Read1008}: $30 per 1M image tokens (1K = 1,120 tokens, $0.0336)"),
        Google(ImageModel.FlashLiteImageId, PriceLane.GoogleStandard, Input, 0.25m, $"{Read1008}: $0.25 per 1M input tokens (text/image/video)"),
        Google(ImageModel.FlashLiteImageId, PriceLane.GoogleStandard, Text, 1.50m, $"{Read1008}: $1.50 per 1M output text and thinking tokens"),
        Google(ImageModel.FlashLiteImageId, PriceLane.GoogleBatch, Image, 15m, $"{Read1008}: Batch $15 per 1M image tokens ($0.0168 per 1K image)"),

        // Nano Banana 2 (deprecated 2026-10-06).
        Google(ImageModel.FlashImageId, PriceLane.GoogleStandard, Image, 60m, $"{Read1008}: $60 per 1M image tokens (512/1K/2K/4K = 747/1,120/1,680/2,520 tokens; Google prints $0.045/$0.067/$0.101/$0.151)"),
        Google(ImageModel.FlashImageId, PriceLane.GoogleStandard, Input, 0.50m, $"{Copy0905}: $0.50 per 1M input tokens. Resolved from conflicting sources (C1): third-party lists give $0.25, which is Google's Batch price; every Google copy gives $0.50", Checked0905),
        Google(ImageModel.FlashImageId, PriceLane.GoogleStandard, Text, 3.00m, $"{Copy0905}: $3.00 per 1M output text and thinking tokens. Resolved from conflicting sources (C1): third-party lists give $1.50, Google's Batch price", Checked0905),
        Google(ImageModel.FlashImageId, PriceLane.GoogleBatch, Image, 30m, $"{Read1008}: Batch $30 per 1M image tokens (Google prints $0.022/$0.034/$0.050/$0.076)"),
        Google(ImageModel.FlashImageId, PriceLane.GoogleBatch, Input, 0.25m, $"{Copy0905}: Batch $0.25 per 1M input tokens", Checked0905),
        Google(ImageModel.FlashImageId, PriceLane.GoogleBatch, Text, 1.50m, $"{Copy0905}: Batch $1.50 per 1M output text and thinking tokens", Checked0905),

        // Nano Banana 2.1: image rates from Google; input/text rates are secondary.
        Google(ImageModel.NanoBanana21Id, PriceLane.GoogleStandard, Image, 30m, $"{Read1008}: $30 per 1M image tokens (1K/2K/4K = 1,120/1,680/3,780 tokens: $0.0336/$0.0504/$0.113)"),
        Google(ImageModel.NanoBanana21Id, PriceLane.GoogleStandard, Input, 1.50m, "https://github.com/tetrateio/agent-router-models gemini.json (entries 2026-09-14/2026-09-23): $1.50 per 1M input tokens. Secondary: not confirmed on a Google page", new DateOnly(2026, 9, 23)),
        Google(ImageModel.NanoBanana21Id, PriceLane.GoogleStandard, Text, 7.50m, "https://github.com/tetrateio/agent-router-models gemini.json (entries 2026-09-14/2026-09-23): $7.50 per 1M output text and thinking tokens. Secondary: not confirmed on a Google page", new DateOnly(2026, 9, 23)),
        Google(ImageModel.NanoBanana21Id, PriceLane.GoogleBatch, Image, 15m, $"{Read1008}: Batch $15 per 1M image tokens"),

        // Nano Banana Pro: Standard, Batch, Flex. Priority on the Gemini API is unconfirmed (U2): no row.
        Google(ImageModel.ProImageId, PriceLane.GoogleStandard, Image, 120m, $"{Read1008}: $120 per 1M image tokens (1K/2K = 1,120 tokens, $0.134; 4K = 2,000 tokens, $0.24)"),
        Google(ImageModel.ProImageId, PriceLane.GoogleStandard, Input, 2.00m, $"{Read1008}: $2.00 per 1M input tokens (an input image is 560 tokens)"),
        Google(ImageModel.ProImageId, PriceLane.GoogleStandard, Text, 12.00m, $"{Read1008}: $12.00 per 1M output text and thinking tokens"),
        Google(ImageModel.ProImageId, PriceLane.GoogleBatch, Image, 60m, $"{Read1008}: Batch $60 per 1M image tokens ($0.067 per 1K/2K image, $0.12 per 4K)"),
        Google(ImageModel.ProImageId, PriceLane.GoogleBatch, Input, 1.00m, $"{Read1008}: Batch $1.00 per 1M input tokens"),
        Google(ImageModel.ProImageId, PriceLane.GoogleBatch, Text, 6.00m, $"{Read1008}: Batch $6.00 per 1M output text and thinking tokens"),
        Google(ImageModel.ProImageId, PriceLane.GoogleFlex, Image, 60m, $"{Read1008}: Flex $60 per 1M image tokens ($0.067 per 1K/2K image; $0.12 per 4K. Resolved from conflicting copies (C7): the 2026-09-24 copy stops after 2K)"),

        // Legacy Nano Banana: 1,290 tokens per image. Text output rate not listed (U11): no row.
        Google(ImageModel.LegacyFlashImageId, PriceLane.GoogleStandard, Image, 30m, $"{Read1008}: $30 per 1M image tokens (1,290 tokens, Google prints $0.039 per image)"),
        Google(ImageModel.LegacyFlashImageId, PriceLane.GoogleStandard, Input, 0.30m, $"{Read1008}: $0.30 per 1M input tokens"),
        Google(ImageModel.LegacyFlashImageId, PriceLane.GoogleBatch, Image, 15m, $"{Read1008}: Batch $15 per 1M image tokens ($0.0195 per image)"),
        Google(ImageModel.LegacyFlashImageId, PriceLane.GoogleBatch, Input, 0.15m, $"{Read1008}: Batch $0.15 per 1M input tokens"),
        Google(ImageModel.LegacyFlashImageId, PriceLane.GoogleFlex, Image, 15m, $"{Read1008}: Google prints Flex $0.0195 per image; the rate is derived as $0.0195 / 1,290 tokens = $15 per 1M image tokens"),
        Google(ImageModel.LegacyFlashImageId, PriceLane.GooglePriority, Image, 54m, $"{Read1008}: Google prints Priority $0.0702 per image, its rounded figure (1.8 × the rounded $0.039); the rate is derived as 1.8 × $30 = $54 per 1M image tokens, so 1,290 tokens cost $0.0697 (resolved from conflicting figures, C13)"),

        // Provider rows stay per image, in the provider's own table.
        Provider(ImageModel.ProImageId, ImageOperation.Generate, 0.09m, $"{ProviderDocs}: Pro alias $0.09 per image; the 2026-10 list gives the same $0.09 per call", new DateOnly(2026, 7, 1)),
        Provider(ImageModel.ProImageId, ImageOperation.Edit, 0.09m, $"{ProviderDocs}: Pro alias $0.09 per edit; the 2026-10 list gives the same $0.09 per call", new DateOnly(2026, 7, 1)),
        Provider(ImageModel.LegacyFlashImageId, operation: null, 0.02m, ProviderListSource, ProviderListChecked),
        Provider(ImageModel.FlashLiteImageId, operation: null, 0.025m, ProviderListSource, ProviderListChecked),
        Provider(ImageModel.FlashImageId, operation: null, 0.055m, ProviderListSource, ProviderListChecked),
    ];

    private static PriceRow Google(string modelId, PriceLane lane, PriceUnit unit, decimal rate, string source, DateOnly? checkedOn = null) => new()
    {
        ModelId = modelId,
        Lane = lane,
        Unit = unit,
        UnitPriceUsd = rate,
        Source = source,
        CheckedOn = checkedOn ?? Checked1008,
    };

    private static PriceRow Provider(string modelId, ImageOperation? operation, decimal price, string source, DateOnly checkedOn) => new()
    {
        ModelId = modelId,
        Lane = PriceLane.Provider,
        Provider = LaozhangAi,
        Operation = operation,
        UnitPriceUsd = price,
        Source = source,
        CheckedOn = checkedOn,
    };
}
