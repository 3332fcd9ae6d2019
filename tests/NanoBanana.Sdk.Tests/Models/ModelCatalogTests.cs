
namespace NanoBanana.Sdk.Tests.Models;

public class ModelCatalogTests
{
    [Theory]
    [InlineData("gemini-3.1-flash-lite-image", ModelTier.Lite)]
    [InlineData("gemini-3.1-flash-image", ModelTier.Standard)]
    [InlineData("gemini-3-pro-image", ModelTier.Pro)]
    [InlineData("gemini-2.5-flash-image", ModelTier.Legacy)]
    public void Current_ids_resolve_to_themselves(string id, ModelTier tier)
    {
        var resolution = ModelCatalog.Default.Resolve(id);

        Assert.Equal(id, resolution.ModelId);
        Assert.Equal(id, resolution.Requested);
        Assert.Equal(id, resolution.GoogleWireId);
        Assert.False(resolution.IsAlias);
        Assert.True(resolution.IsKnown);
        Assert.Equal(tier, resolution.Model!.Tier);
        Assert.Equal(tier == ModelTier.Legacy, resolution.IsLegacy);
    }

    [Theory]
    [InlineData("gemini-3-pro-image-preview", "gemini-3-pro-image", "gemini-3-pro-image-preview")]
    [InlineData("models/gemini-3-pro-image", "gemini-3-pro-image", "gemini-3-pro-image")]
    [InlineData("models/gemini-3-pro-image-preview", "gemini-3-pro-image", "gemini-3-pro-image-preview")]
    [InlineData("google/gemini-3-pro-image-preview", "gemini-3-pro-image", "google/gemini-3-pro-image-preview")]
    [InlineData("gemini-3-pro-image-preview-11-2025", "gemini-3-pro-image", "gemini-3-pro-image-preview-11-2025")]
    [InlineData("google/gemini-3.1-flash-image", "gemini-3.1-flash-image", "google/gemini-3.1-flash-image")]
    [InlineData("GEMINI-3-PRO-IMAGE", "gemini-3-pro-image", "GEMINI-3-PRO-IMAGE")]
    public void Aliases_map_to_the_current_id_and_keep_the_original_string(string requested, string modelId, string wireId)
    {
        var resolution = ModelCatalog.Default.Resolve(requested);

        Assert.Equal(modelId, resolution.ModelId);
        Assert.Equal(requested, resolution.Requested);
        Assert.Equal(wireId, resolution.GoogleWireId);
        Assert.True(resolution.IsAlias);
        Assert.True(resolution.IsKnown);
        Assert.Contains($"'{requested}' is an alias of '{modelId}'", resolution.Warning, StringComparison.Ordinal);
    }

    [Fact]
    public void A_current_non_legacy_id_has_no_warning()
    {
        Assert.Null(ModelCatalog.Default.Resolve(ImageModel.FlashImageId).Warning);
    }

    [Fact]
    public void The_legacy_model_is_flagged_with_a_migration_warning()
    {
        var resolution = ModelCatalog.Default.Resolve("gemini-2.5-flash-image");

        Assert.True(resolution.IsLegacy);
        Assert.Contains("legacy", resolution.Warning, StringComparison.Ordinal);
        Assert.Contains(ImageModel.FlashLiteImageId, resolution.Warning, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("models/gemini-2.5-flash-image")]
    [InlineData("gemini-2.5-flash-image-preview")]
    public void An_alias_of_the_legacy_model_keeps_both_warnings(string requested)
    {
        var resolution = ModelCatalog.Default.Resolve(requested);

        Assert.True(resolution.IsAlias);
        Assert.True(resolution.IsLegacy);
        Assert.Contains("is an alias of 'gemini-2.5-flash-image'", resolution.Warning, StringComparison.Ordinal);
        Assert.Contains("is legacy (compatibility only)", resolution.Warning, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gemini-9-image", "gemini-9-image", false)]
    [InlineData("google/gemini-9-image", "gemini-9-image", true)]
    [InlineData("models/imagen-5", "imagen-5", true)]
    public void Unknown_ids_are_allowed_but_flagged_unknown(string requested, string modelId, bool isAlias)
    {
        var resolution = ModelCatalog.Default.Resolve(requested);

        Assert.False(resolution.IsKnown);
        Assert.Null(resolution.Model);
        Assert.False(resolution.IsLegacy);
        Assert.Equal(modelId, resolution.ModelId);
        Assert.Equal(requested, resolution.Requested);
        Assert.Equal(isAlias, resolution.IsAlias);
        Assert.Contains("is not in the catalog", resolution.Warning, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void An_empty_model_string_is_rejected_and_the_message_suggests_ids(string? model)
    {
        var ex = Assert.Throws<ArgumentException>("model", () => ModelCatalog.Default.Resolve(model!));
        Assert.Contains(ImageModel.NanoBanana21Id, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_model_is_not_Pro()
    {
        Assert.Equal(ImageModel.NanoBanana21Id, ModelCatalog.DefaultModelId);
        Assert.NotEqual(ModelTier.Pro, ModelCatalog.Default.Find(ModelCatalog.DefaultModelId)!.Tier);
    }

    [Fact]
    public void Custom_aliases_resolve_with_and_without_a_prefix()
    {
        var catalog = ModelCatalog.Default.WithAlias("nano-banana-pro", ImageModel.ProImageId);

        Assert.Equal(ImageModel.ProImageId, catalog.Resolve("nano-banana-pro").ModelId);
        Assert.Equal(ImageModel.ProImageId, catalog.Resolve("google/nano-banana-pro").ModelId);
        Assert.True(catalog.Resolve("nano-banana-pro").IsAlias);
        Assert.False(ModelCatalog.Default.Resolve("nano-banana-pro").IsKnown);
    }

    [Fact]
    public void An_alias_to_a_model_not_in_the_catalog_is_rejected_naming_the_parameter()
    {
        var ex = Assert.Throws<ArgumentException>("modelId", () => ModelCatalog.Default.WithAlias("x", "gemini-9-image"));
        Assert.Contains(ImageModel.ProImageId, ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>("aliases", () => new ModelCatalog(ModelCatalog.Default.Models, new Dictionary<string, string> { ["x"] = "nope" }));
    }

    [Fact]
    public void Models_can_be_added_and_ids_must_be_unique()
    {
        var custom = new ImageModel { Id = "gemini-4-image", FamilyName = "Next", Tier = ModelTier.Standard, SupportedSizes = [ImageSize.OneK], SupportedAspectRatios = AspectRatio.Standard };
        var catalog = ModelCatalog.Default.WithModel(custom);

        Assert.True(catalog.Resolve("gemini-4-image").IsKnown);
        Assert.Equal(ModelCatalog.Default.Models.Count + 1, catalog.Models.Count);
        Assert.Throws<ArgumentException>("models", () => new ModelCatalog([custom, custom]));
    }

    [Theory]
    [InlineData("gemini-3-pro-image", "1K", "16:9")]
    [InlineData("gemini-3-pro-image", "4K", "21:9")]
    [InlineData("gemini-3.1-flash-image", "512", "8:1")]
    [InlineData("gemini-3.1-flash-image", "4K", "1:4")]
    [InlineData("gemini-3.1-flash-lite-image", "1K", "9:16")]
    [InlineData("gemini-nano-banana-2.1", "4K", "1:8")]
    [InlineData("models/gemini-3-pro-image-preview", "2K", "1:1")]
    public void Supported_combinations_pass(string model, string size, string ratio)
    {
        ModelCatalog.EnsureSupported(ModelCatalog.Default.Resolve(model), ImageSize.Parse(size), AspectRatio.Parse(ratio));
    }

    [Theory]
    [InlineData("gemini-3-pro-image", "512", "1K, 2K, 4K")]
    [InlineData("gemini-3.1-flash-lite-image", "4K", "1K")]
    [InlineData("gemini-3.1-flash-lite-image", "2K", "1K")]
    [InlineData("gemini-nano-banana-2.1", "512", "1K, 2K, 4K")]
    [InlineData("gemini-3-pro-image-preview", "512", "1K, 2K, 4K")]
    public void Unsupported_sizes_fail_naming_the_sizes_the_model_has(string model, string size, string allowed)
    {
        var ex = Assert.Throws<ArgumentException>("size", () =>
            ModelCatalog.EnsureSupported(ModelCatalog.Default.Resolve(model), ImageSize.Parse(size), AspectRatio.Square));

        Assert.Contains($"does not support image size '{size}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"Allowed values for this model: {allowed}.", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gemini-3-pro-image", "8:1")]
    [InlineData("gemini-3.1-flash-lite-image", "1:4")]
    [InlineData("gemini-2.5-flash-image", "4:1")]
    public void Unsupported_ratios_fail_naming_the_ratios_the_model_has(string model, string ratio)
    {
        var ex = Assert.Throws<ArgumentException>("aspectRatio", () =>
            ModelCatalog.EnsureSupported(ModelCatalog.Default.Resolve(model), null, AspectRatio.Parse(ratio), PriceLane.GoogleStandard));

        Assert.Contains($"does not support aspect ratio '{ratio}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("1:1, 2:3, 3:2, 3:4, 4:3, 4:5, 5:4, 9:16, 16:9, 21:9.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_models_pass_because_the_catalog_cannot_judge_them()
    {
        ModelCatalog.EnsureSupported(ModelCatalog.Default.Resolve("gemini-9-image"), ImageSize.Size512, AspectRatio.Landscape8x1);
        Assert.Throws<ArgumentNullException>("resolution", () => ModelCatalog.EnsureSupported(null!, ImageSize.OneK, AspectRatio.Square));
    }
}
