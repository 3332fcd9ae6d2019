
namespace NanoBanana.Sdk.Pricing;

/// <summary>
/// The embedded default prices (SPEC §3), each with an honest source and date. Users override any of them;
/// none is a guess: where the sources give no price (Google's price for Nano Banana 2 Lite, grounding queries,
/// the Priority lane) there is no row, so a lookup says Missing instead of inventing a number.
/// </summary>
internal static class SeedPrices
{
    internal const string LaozhangAi = "laozhang.ai";

    private const string GuideSource = "NanoBanana SPEC §3 (source guide, checked 2026-07-01)";
    private static readonly DateOnly GuideChecked = new(2026, 7, 1);

    // The provider's list is dated by month only; the first of the month is recorded and the source says so.
    private const string ProviderListSource = "laozhang.ai public price list, 2026-10, via NanoBanana SPEC §3 (per call, flat across sizes; month only, recorded as 2026-10-01)";
    private static readonly DateOnly ProviderListChecked = new(2026, 10, 1);

    internal static IReadOnlyList<PriceRow> Rows { get; } =
    [
        Google(PriceLane.GoogleStandard, ImageModel.ProImageId, ImageSize.OneK, 0.134m, $"{GuideSource}: Google Standard, 1K/2K image"),
        Google(PriceLane.GoogleStandard, ImageModel.ProImageId, ImageSize.TwoK, 0.134m, $"{GuideSource}: Google Standard, 1K/2K image"),
        Google(PriceLane.GoogleStandard, ImageModel.ProImageId, ImageSize.FourK, 0.24m, $"{GuideSource}: Google Standard, 4K image"),

        // The source prices "Batch/Flex" as one row: two lanes, the same numbers.
        Google(PriceLane.GoogleBatch, ImageModel.ProImageId, ImageSize.OneK, 0.067m, $"{GuideSource}: Google Batch/Flex, 1K/2K image"),
        Google(PriceLane.GoogleBatch, ImageModel.ProImageId, ImageSize.TwoK, 0.067m, $"{GuideSource}: Google Batch/Flex, 1K/2K image"),
        Google(PriceLane.GoogleBatch, ImageModel.ProImageId, ImageSize.FourK, 0.12m, $"{GuideSource}: Google Batch/Flex, 4K image"),
        Google(PriceLane.GoogleFlex, ImageModel.ProImageId, ImageSize.OneK, 0.067m, $"{GuideSource}: Google Batch/Flex, 1K/2K image"),
        Google(PriceLane.GoogleFlex, ImageModel.ProImageId, ImageSize.TwoK, 0.067m, $"{GuideSource}: Google Batch/Flex, 1K/2K image"),
        Google(PriceLane.GoogleFlex, ImageModel.ProImageId, ImageSize.FourK, 0.12m, $"{GuideSource}: Google Batch/Flex, 4K image"),

        new PriceRow
        {
            ModelId = ImageModel.ProImageId,
            Lane = PriceLane.GoogleStandard,
            Unit = PriceUnit.PerMillionOutputImageTokens,
            UnitPriceUsd = 120m,
            Source = $"{GuideSource}: Google prices images as output tokens, $120 per million (1,120 tokens per 1K/2K Pro image, 2,000 per 4K)",
            CheckedOn = GuideChecked,
        },

        Google(PriceLane.GoogleStandard, ImageModel.LegacyFlashImageId, size: null, 0.039m, $"{GuideSource}: Google list price from other public price lists, $0.039 per image"),
        Google(PriceLane.GoogleStandard, ImageModel.FlashImageId, size: null, 0.045m, $"{GuideSource}: Google list price from other public price lists, about $0.045 per image (approximate; sizes not distinguished)"),

        // SPEC §3 table row for the Pro alias; the provider's 2026-10 list repeats $0.09 per call, so one row per operation is kept.
        Provider(ImageModel.ProImageId, ImageOperation.Generate, 0.09m, "laozhang.ai public docs via NanoBanana SPEC §3 (source guide, checked 2026-07-01): Pro alias $0.09 per image; the 2026-10 public list gives the same $0.09 per call", GuideChecked),
        Provider(ImageModel.ProImageId, ImageOperation.Edit, 0.09m, "laozhang.ai public docs via NanoBanana SPEC §3 (source guide, checked 2026-07-01): Pro alias $0.09 per edit; the 2026-10 public list gives the same $0.09 per call", GuideChecked),
        Provider(ImageModel.LegacyFlashImageId, operation: null, 0.02m, ProviderListSource, ProviderListChecked),
        Provider(ImageModel.FlashLiteImageId, operation: null, 0.025m, ProviderListSource, ProviderListChecked),
        Provider(ImageModel.FlashImageId, operation: null, 0.055m, ProviderListSource, ProviderListChecked),
    ];

    private static PriceRow Google(PriceLane lane, string modelId, ImageSize? size, decimal price, string source) => new()
    {
        ModelId = modelId,
        Lane = lane,
        Size = size,
        UnitPriceUsd = price,
        Source = source,
        CheckedOn = GuideChecked,
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
