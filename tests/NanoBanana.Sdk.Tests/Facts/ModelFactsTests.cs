using Microsoft.Extensions.Time.Testing;

namespace NanoBanana.Sdk.Tests.Facts;

/// <summary>
/// The catalog against the tables of MODELS.md (compiled 2026-11-29), written out here independently of the
/// catalog's own data: sizes, ratios, pixel sizes, tokens, lanes and lifecycle per model.
/// </summary>
public class ModelFactsTests
{
    private static readonly string[] TenRatios = ["1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9"];
    private static readonly string[] FourteenRatios = [.. TenRatios, "1:4", "4:1", "1:8", "8:1"];

    // MODELS.md §2 and §3: accepted sizes (null = no size parameter) and ratios on the Gemini API.
    private static readonly Dictionary<string, (string[] Sizes, bool SendsSize, string[] Ratios)> Accepts = new()
    {
        ["gemini-3.1-flash-lite-image"] = (["1K"], true, TenRatios),
        ["gemini-3.1-flash-image"] = (["512", "1K", "2K", "4K"], true, FourteenRatios),
        ["gemini-nano-banana-2.1"] = (["1K", "2K", "4K"], true, FourteenRatios),
        ["gemini-3-pro-image"] = (["1K", "2K", "4K"], true, TenRatios),
        ["gemini-2.5-flash-image"] = (["1K"], false, TenRatios),
    };

    public static TheoryData<string, string?, string> EveryModelSizeAndRatio()
    {
        var data = new TheoryData<string, string?, string>();
        foreach (var model in Accepts.Keys)
        {
            foreach (var size in new string?[] { null, "512", "1K", "2K", "4K" })
            {
                foreach (var ratio in FourteenRatios)
                {
                    data.Add(model, size, ratio);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryModelSizeAndRatio))]
    public void Every_model_size_and_ratio_is_accepted_or_refused_as_Google_does(string model, string? size, string ratio)
    {
        var (sizes, sendsSize, ratios) = Accepts[model];
        var accepted = (size is null || (sendsSize && sizes.Contains(size))) && ratios.Contains(ratio);
        void Check() => ModelCatalog.EnsureSupported(
            ModelCatalog.Default.Resolve(model), size is null ? null : ImageSize.Parse(size), AspectRatio.Parse(ratio), PriceLane.GoogleStandard);

        if (accepted)
        {
            Check();
        }
        else
        {
            var ex = Assert.Throws<ArgumentException>(Check);
            Assert.Contains(model, ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_size_on_the_model_that_takes_none_is_refused_saying_so()
    {
        var ex = Assert.Throws<ArgumentException>("size", () => ModelCatalog.EnsureSupported(
            ModelCatalog.Default.Resolve(ImageModel.LegacyFlashImageId), ImageSize.OneK, AspectRatio.Square, PriceLane.GoogleStandard));
        Assert.Contains("takes no image size parameter", ex.Message, StringComparison.Ordinal);
        Assert.False(ModelCatalog.Default.Find(ImageModel.LegacyFlashImageId)!.SendsImageSize);
    }

    [Theory]
    [InlineData("gemini-3.1-flash-lite-image", "1K", 1120)]
    [InlineData("gemini-3.1-flash-image", "512", 747)]
    [InlineData("gemini-3.1-flash-image", "1K", 1120)]
    [InlineData("gemini-3.1-flash-image", "2K", 1680)]
    [InlineData("gemini-3.1-flash-image", "4K", 2520)]
    [InlineData("gemini-nano-banana-2.1", "1K", 1120)]
    [InlineData("gemini-nano-banana-2.1", "2K", 1680)]
    [InlineData("gemini-nano-banana-2.1", "4K", 3780)]
    [InlineData("gemini-3-pro-image", "1K", 1120)]
    [InlineData("gemini-3-pro-image", "2K", 1120)]
    [InlineData("gemini-3-pro-image", "4K", 2000)]
    [InlineData("gemini-2.5-flash-image", "1K", 1290)]
    public void Image_tokens_per_size_follow_the_pricing_pages(string model, string size, int tokens)
    {
        var entry = ModelCatalog.Default.Find(model)!;
        Assert.Equal(tokens, entry.TokensFor(ImageSize.Parse(size)));
        Assert.Equal(entry.SupportedSizes.Count, entry.ImageTokens.Count);
    }

    // MODELS.md §4a: the full 3.1 Flash Image table (Nano Banana 2.1 uses its 1K/2K/4K columns).
    [Theory]
    [InlineData("1:1", "512x512", "1024x1024", "2048x2048", "4096x4096")]
    [InlineData("1:4", "256x1024", "512x2048", "1024x4096", "2048x8192")]
    [InlineData("1:8", "192x1536", "384x3072", "768x6144", "1536x12288")]
    [InlineData("2:3", "424x632", "848x1264", "1696x2528", "3392x5056")]
    [InlineData("3:2", "632x424", "1264x848", "2528x1696", "5056x3392")]
    [InlineData("3:4", "448x600", "896x1200", "1792x2400", "3584x4800")]
    [InlineData("4:1", "1024x256", "2048x512", "4096x1024", "8192x2048")]
    [InlineData("4:3", "600x448", "1200x896", "2400x1792", "4800x3584")]
    [InlineData("4:5", "464x576", "928x1152", "1856x2304", "3712x4608")]
    [InlineData("5:4", "576x464", "1152x928", "2304x1856", "4608x3712")]
    [InlineData("8:1", "1536x192", "3072x384", "6144x768", "12288x1536")]
    [InlineData("9:16", "384x688", "768x1376", "1536x2752", "3072x5504")]
    [InlineData("16:9", "688x384", "1376x768", "2752x1536", "5504x3072")]
    [InlineData("21:9", "792x168", "1584x672", "3168x1344", "6336x2688")]
    public void Flash_pixel_sizes_follow_the_guide_table(string ratio, string at512, string at1K, string at2K, string at4K)
    {
        var flash = ModelCatalog.Default.Find(ImageModel.FlashImageId)!;
        var nb21 = ModelCatalog.Default.Find(ImageModel.NanoBanana21Id)!;
        var pro = ModelCatalog.Default.Find(ImageModel.ProImageId)!;
        var r = AspectRatio.Parse(ratio);
        Assert.Equal(Pixels(at512), flash.PixelsFor(ImageSize.Size512, r));
        foreach (var (size, cell) in new[] { (ImageSize.OneK, at1K), (ImageSize.TwoK, at2K), (ImageSize.FourK, at4K) })
        {
            Assert.Equal(Pixels(cell), flash.PixelsFor(size, r));
            Assert.Equal(Pixels(cell), nb21.PixelsFor(size, r));
            // §4b: Pro's table is the same for its ten ratios.
            Assert.Equal(TenRatios.Contains(ratio) ? Pixels(cell) : null, pro.PixelsFor(size, r));
        }

        Assert.Null(nb21.PixelsFor(ImageSize.Size512, r));
    }

    [Theory]
    [InlineData("1:1", "1024x1024")]
    [InlineData("2:3", "832x1248")]
    [InlineData("3:2", "1248x832")]
    [InlineData("3:4", "864x1184")]
    [InlineData("4:3", "1184x864")]
    [InlineData("4:5", "896x1152")]
    [InlineData("5:4", "1152x896")]
    [InlineData("9:16", "768x1344")]
    [InlineData("16:9", "1344x768")]
    [InlineData("21:9", "1536x672")]
    public void Legacy_pixel_sizes_follow_the_guide_table(string ratio, string cell)
    {
        var legacy = ModelCatalog.Default.Find(ImageModel.LegacyFlashImageId)!;
        Assert.Equal(Pixels(cell), legacy.PixelsFor(ImageSize.OneK, AspectRatio.Parse(ratio)));
    }

    [Theory]
    [InlineData("gemini-3.1-flash-lite-image", "standard batch")]
    [InlineData("gemini-3.1-flash-image", "standard batch")]
    [InlineData("gemini-nano-banana-2.1", "standard batch")]
    [InlineData("gemini-3-pro-image", "standard batch flex")]
    [InlineData("gemini-2.5-flash-image", "standard batch flex priority")]
    public void Lanes_follow_the_lanes_table_and_other_tiers_are_refused_naming_the_lanes(string model, string lanes)
    {
        var resolution = ModelCatalog.Default.Resolve(model);
        foreach (var (tier, lane) in new[] { ("standard", PriceLane.GoogleStandard), ("batch", PriceLane.GoogleBatch), ("flex", PriceLane.GoogleFlex), ("priority", PriceLane.GooglePriority) })
        {
            Assert.Equal(lanes.Split(' ').Contains(tier), resolution.Model!.Supports(lane));
            void Check() => ModelCatalog.EnsureSupported(resolution, null, null, lane);
            if (lanes.Split(' ').Contains(tier))
            {
                Check();
            }
            else
            {
                var ex = Assert.Throws<ArgumentException>("lane", Check);
                Assert.Contains("Lanes for this model: Google Standard, Google Batch", ex.Message, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void The_default_model_is_Nano_Banana_2_1_never_Pro_never_deprecated_and_can_be_changed()
    {
        Assert.Equal("gemini-nano-banana-2.1", ModelCatalog.DefaultModelId);
        Assert.Equal("gemini-nano-banana-2.1", new Sdk.OfficialImageClientOptions().Model);
        Assert.Null(ModelCatalog.Default.Find(ModelCatalog.DefaultModelId)!.Lifecycle!.DeprecatedOn);

        var changed = ModelCatalog.Default.WithDefaultModel(ImageModel.FlashLiteImageId);
        Assert.Equal(ImageModel.FlashLiteImageId, changed.DefaultModel);
        Assert.Equal(ImageModel.FlashLiteImageId, new Sdk.OfficialImageClientOptions { ModelCatalog = changed }.Model);
        Assert.Throws<ArgumentException>("modelId", () => ModelCatalog.Default.WithDefaultModel(ImageModel.ProImageId));
        Assert.Throws<ArgumentException>("modelId", () => ModelCatalog.Default.WithDefaultModel("gemini-9-image"));
    }

    [Fact]
    public void The_deprecated_model_warns_naming_the_replacement_and_keeps_working()
    {
        var warning = ModelCatalog.EnsureServed(ModelCatalog.Default.Resolve(ImageModel.FlashImageId), At(2026, 11, 29));

        Assert.NotNull(warning);
        Assert.Contains("deprecated since 2026-10-06", warning, StringComparison.Ordinal);
        Assert.Contains("'gemini-nano-banana-2.1'", warning, StringComparison.Ordinal);
        Assert.Null(ModelCatalog.EnsureServed(ModelCatalog.Default.Resolve(ImageModel.FlashImageId), At(2026, 10, 5)));
        Assert.Null(ModelCatalog.EnsureServed(ModelCatalog.Default.Resolve(ImageModel.NanoBanana21Id), At(2026, 11, 29)));
        Assert.Null(ModelCatalog.EnsureServed(ModelCatalog.Default.Resolve(ImageModel.LegacyFlashImageId), At(2027, 6, 1)));
    }

    [Theory]
    [InlineData("gemini-3.1-flash-image-preview", "gemini-3.1-flash-image")]
    [InlineData("models/gemini-3-pro-image-preview", "gemini-3-pro-image")]
    [InlineData("nano-banana-pro-preview", "gemini-3-pro-image")]
    public void Shut_down_preview_ids_are_refused_from_their_date_naming_the_replacement(string requested, string replacement)
    {
        var resolution = ModelCatalog.Default.Resolve(requested);
        Assert.Equal(replacement, resolution.ModelId);

        var ex = Assert.Throws<ArgumentException>("resolution", () => ModelCatalog.EnsureServed(resolution, At(2026, 6, 25)));
        Assert.Contains("shut down on Google's API on 2026-06-25", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"use '{replacement}' instead", ex.Message, StringComparison.Ordinal);
        Assert.Null(ModelCatalog.EnsureServed(resolution, At(2026, 6, 24)));
    }

    [Fact]
    public void The_users_catalog_can_lift_a_shutdown()
    {
        var catalog = ModelCatalog.Default.WithRetiredAlias("gemini-3-pro-image-preview", ImageModel.ProImageId, new ModelLifecycle { Note = "served by our proxy" });

        Assert.Null(ModelCatalog.EnsureServed(catalog.Resolve("gemini-3-pro-image-preview"), At(2026, 11, 29)));
    }

    private static DateTimeOffset At(int year, int month, int day) => new FakeTimeProvider(new DateTimeOffset(year, month, day, 12, 0, 0, TimeSpan.Zero)).GetUtcNow();

    private static (int Width, int Height)? Pixels(string cell)
    {
        var parts = cell.Split('x');
        return (int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
    }
}
