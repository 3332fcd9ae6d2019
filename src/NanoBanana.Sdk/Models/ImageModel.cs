namespace NanoBanana.Sdk;

/// <summary>Where a model sits in the Nano Banana family (SPEC §2).</summary>
public enum ModelTier
{
    /// <summary>Nano Banana 2 Lite: cheap drafts, fast iteration.</summary>
    Lite = 0,

    /// <summary>Nano Banana 2: most default production images.</summary>
    Standard = 1,

    /// <summary>Nano Banana Pro: 4K, layout and text fidelity; an override, never a default.</summary>
    Pro = 2,

    /// <summary>Legacy Nano Banana: compatibility only; plan the migration.</summary>
    Legacy = 3,
}

/// <summary>One image model of the catalog: its id, family, tier and what it accepts. Immutable.</summary>
/// <param name="Id">The current API model id, e.g. <c>gemini-3.1-flash-image</c>.</param>
/// <param name="FamilyName">The market name, e.g. <c>Nano Banana 2</c>.</param>
/// <param name="Tier">Where the model sits in the family.</param>
/// <param name="SupportedSizes">The image sizes the model accepts.</param>
/// <param name="SupportedAspectRatios">The aspect ratios the model accepts.</param>
public sealed record ImageModel(
    string Id,
    string FamilyName,
    ModelTier Tier,
    IReadOnlyList<ImageSize> SupportedSizes,
    IReadOnlyList<AspectRatio> SupportedAspectRatios)
{
    /// <summary>Nano Banana 2 Lite — start here when cost and speed matter most.</summary>
    public const string FlashLiteImageId = "gemini-3.1-flash-lite-image";

    /// <summary>Nano Banana 2 — most default production images; the SDK's default model.</summary>
    public const string FlashImageId = "gemini-3.1-flash-image";

    /// <summary>Nano Banana Pro — only when lower models visibly fail the job.</summary>
    public const string ProImageId = "gemini-3-pro-image";

    /// <summary>Legacy Nano Banana — existing integrations not yet migrated.</summary>
    public const string LegacyFlashImageId = "gemini-2.5-flash-image";

    /// <summary><see langword="true"/> for models kept for compatibility only.</summary>
    public bool IsLegacy => Tier == ModelTier.Legacy;

    /// <summary>Whether the model accepts <paramref name="size"/>.</summary>
    /// <param name="size">The size to check.</param>
    /// <returns><see langword="true"/> when supported.</returns>
    public bool Supports(ImageSize size) => SupportedSizes.Contains(size);

    /// <summary>Whether the model accepts <paramref name="ratio"/>.</summary>
    /// <param name="ratio">The ratio to check.</param>
    /// <returns><see langword="true"/> when supported.</returns>
    public bool Supports(AspectRatio ratio) => SupportedAspectRatios.Contains(ratio);
}
