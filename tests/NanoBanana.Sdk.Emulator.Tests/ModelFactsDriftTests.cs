using NanoBanana.Sdk.Emulator.Imaging;
using Catalog = NanoBanana.Sdk.ModelCatalog;
using SdkImageSize = NanoBanana.Sdk.ImageSize;
using SdkLane = NanoBanana.Sdk.PriceLane;
using SdkRatio = NanoBanana.Sdk.AspectRatio;

namespace NanoBanana.Sdk.Emulator.Tests;

/// <summary>
/// The emulator keeps its own model table (an independent oracle); these tests fail as soon as it drifts from the
/// SDK's catalog: models, sizes, ratios, pixel sizes, image tokens, tiers, the size parameter and shut-down ids.
/// </summary>
public sealed class ModelFactsDriftTests
{
    public static TheoryData<string> CatalogModels() => [.. Catalog.Default.Models.Select(m => m.Id)];

    [Fact]
    public void The_emulator_serves_exactly_the_catalog_models()
    {
        Assert.Equal(
            Catalog.Default.Models.Select(m => m.Id).Order(StringComparer.Ordinal),
            ModelSpecs.All.Select(s => s.Id).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(CatalogModels))]
    public void Sizes_ratios_tokens_pixels_tiers_and_the_size_parameter_match_the_catalog(string id)
    {
        var model = Catalog.Default.Find(id)!;
        var spec = ModelSpecs.Find(id)!;

        Assert.Equal(model.SupportedSizes.Select(s => s.Value), spec.Sizes);
        Assert.Equal(model.SupportedAspectRatios.Select(r => r.Value).Order(StringComparer.Ordinal), spec.Ratios.Order(StringComparer.Ordinal));
        Assert.Equal(model.SendsImageSize, spec.TakesSize);
        Assert.Equal(ModelSpec.DefaultSize, model.DefaultSize.Value);
        Assert.Equal(model.Lanes.Contains(SdkLane.GoogleFlex), spec.Tiers.Contains("flex"));
        Assert.Equal(model.Lanes.Contains(SdkLane.GooglePriority), spec.Tiers.Contains("priority"));
        Assert.Contains("standard", spec.Tiers);
        Assert.Equal(model.ImageTokens.Count, spec.Tokens.Count);
        foreach (var size in model.SupportedSizes)
        {
            Assert.Equal(model.TokensFor(size), spec.ImageTokens(size.Value));
            Assert.Equal(model.SupportedAspectRatios.Count, model.Pixels[size].Count);
            foreach (var ratio in model.SupportedAspectRatios)
            {
                Assert.Equal(model.PixelsFor(size, ratio), spec.Pixels(size.Value, ratio.Value));
            }
        }
    }

    [Fact]
    public void Shut_down_ids_match_the_catalogs_retired_aliases()
    {
        var retired = Catalog.Default.AliasLifecycles.Where(a => a.Value.ShutdownOn is not null).Select(a => a.Key).Order(StringComparer.Ordinal);
        Assert.Equal(retired, ModelSpecs.ShutDown.Keys.Order(StringComparer.Ordinal));
        foreach (var (alias, replacement) in ModelSpecs.ShutDown)
        {
            Assert.Equal(Catalog.Default.Resolve(alias).ModelId, replacement);
            Assert.Null(ModelSpecs.FindServed(alias));
            Assert.Null(ModelSpecs.FindServed("models/" + alias));
            Assert.Equal(replacement, ModelSpecs.Find(alias)!.Id);
        }
    }

    [Fact]
    public void Every_size_and_ratio_the_sdk_defines_is_known_to_the_emulator_spelling()
    {
        Assert.Equal(SdkImageSize.All.Select(s => s.Value), ModelSpecs.AllSizes);
        Assert.Equal(SdkRatio.All.Select(r => r.Value), [.. ModelSpecs.StandardRatios, .. ModelSpecs.ExtendedRatios]);
    }
}
