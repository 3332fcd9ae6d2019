using Microsoft.Extensions.Configuration;

namespace NanoBanana.Sdk.Tests.Facts;

/// <summary>A new model, a new size or a lifted shutdown is a configuration row, not a release.</summary>
public class ModelConfigurationTests
{
    private static IConfigurationSection Section(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection("NanoBanana:Models");

    [Fact]
    public void Configuration_adds_a_model_overrides_a_size_lifts_a_shutdown_and_changes_the_default()
    {
        var catalog = ModelCatalog.FromConfiguration(Section(new()
        {
            ["NanoBanana:Models:DefaultModel"] = "gemini-3.1-flash-lite-image",
            ["NanoBanana:Models:Models:0:Id"] = "gemini-nano-banana-3",
            ["NanoBanana:Models:Models:0:FamilyName"] = "Nano Banana 3",
            ["NanoBanana:Models:Models:0:Sizes"] = "1K, 2K",
            ["NanoBanana:Models:Models:0:AspectRatios"] = "1:1, 16:9",
            ["NanoBanana:Models:Models:0:ImageTokens"] = "1K=1000, 2K=2000",
            ["NanoBanana:Models:Models:0:Lanes"] = "GoogleStandard, GoogleFlex",
            ["NanoBanana:Models:Models:1:Id"] = "gemini-3.1-flash-lite-image",
            ["NanoBanana:Models:Models:1:Sizes"] = "1K, 2K",
            ["NanoBanana:Models:Models:1:ImageTokens"] = "1K=1120, 2K=1680",
            ["NanoBanana:Models:RetiredAliases:gemini-3-pro-image-preview:ModelId"] = "gemini-3-pro-image",
            ["NanoBanana:Models:RetiredAliases:gemini-3-pro-image-preview:ShutdownOn"] = "",
        }));

        var added = catalog.Find("gemini-nano-banana-3")!;
        Assert.Equal(2000, added.TokensFor(ImageSize.TwoK));
        Assert.True(added.Supports(PriceLane.GoogleFlex));
        var lite = catalog.Find(ImageModel.FlashLiteImageId)!;
        Assert.True(lite.Supports(ImageSize.TwoK));
        Assert.Equal(AspectRatio.Standard, lite.SupportedAspectRatios);
        Assert.Equal(ImageModel.FlashLiteImageId, catalog.DefaultModel);
        Assert.Null(ModelCatalog.EnsureServed(catalog.Resolve("gemini-3-pro-image-preview"), new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero)));
        Assert.False(ModelCatalog.Default.Find(ImageModel.FlashLiteImageId)!.Supports(ImageSize.TwoK));
    }

    [Theory]
    [InlineData("Sizes", "1k")]
    [InlineData("ImageTokens", "1K:1120")]
    [InlineData("Lanes", "Turbo")]
    [InlineData("Colour", "blue")]
    public void A_bad_value_names_its_path(string key, string value)
    {
        var ex = Assert.Throws<ArgumentException>("section", () => ModelCatalog.FromConfiguration(Section(new()
        {
            ["NanoBanana:Models:Models:0:Id"] = "gemini-3-pro-image",
            [$"NanoBanana:Models:Models:0:{key}"] = value,
        })));
        Assert.Contains($"NanoBanana:Models:Models:0", ex.Message, StringComparison.Ordinal);
    }
}
