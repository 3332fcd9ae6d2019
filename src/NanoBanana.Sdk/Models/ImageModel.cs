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
public sealed record ImageModel
{
    /// <summary>The current API model id, e.g. <c>gemini-3.1-flash-image</c>.</summary>
    public required string Id { get; init; }

    /// <summary>The market name, e.g. <c>Nano Banana 2</c>.</summary>
    public required string FamilyName { get; init; }

    /// <summary>Where the model sits in the family.</summary>
    public required ModelTier Tier { get; init; }

    /// <summary>The image sizes the model accepts.</summary>
    public required IReadOnlyList<ImageSize> SupportedSizes { get; init; }

    /// <summary>The aspect ratios the model accepts.</summary>
    public required IReadOnlyList<AspectRatio> SupportedAspectRatios { get; init; }

    /// <summary>Nano Banana 2 Lite — start here when cost and speed matter most.</summary>
    public const string FlashLiteImageId = "gemini-3.1-flash-lite-image";

    /// <summary>Nano Banana 2 — deprecated on 2026-10-06 in favour of <see cref="NanoBanana21Id"/>; still served.</summary>
    public const string FlashImageId = "gemini-3.1-flash-image";

    /// <summary>Nano Banana 2.1 — Google's replacement for Nano Banana 2 and the SDK's default model.</summary>
    public const string NanoBanana21Id = "gemini-nano-banana-2.1";

    /// <summary>Nano Banana Pro — only when lower models visibly fail the job.</summary>
    public const string ProImageId = "gemini-3-pro-image";

    /// <summary>Legacy Nano Banana — existing integrations not yet migrated.</summary>
    public const string LegacyFlashImageId = "gemini-2.5-flash-image";

    /// <summary>
    /// Output image tokens Google bills per image of each size (the same for every ratio). Prices derive from
    /// these: tokens × the lane's $/1M image-output rate. Empty when unknown (no derived price then).
    /// </summary>
    public IReadOnlyDictionary<ImageSize, int> ImageTokens { get; init; } = new Dictionary<ImageSize, int>();

    /// <summary>
    /// Pixel dimensions (width, height) Google returns per size and ratio. Public facts for the Images API's
    /// <c>size</c> and the Microsoft.Extensions.AI adapter. Empty when Google publishes no table.
    /// </summary>
    public IReadOnlyDictionary<ImageSize, IReadOnlyDictionary<AspectRatio, (int Width, int Height)>> Pixels { get; init; } =
        new Dictionary<ImageSize, IReadOnlyDictionary<AspectRatio, (int Width, int Height)>>();

    /// <summary>
    /// The Google lanes the model accepts (<see cref="PriceLane.GoogleStandard"/>, <see cref="PriceLane.GoogleBatch"/>,
    /// <see cref="PriceLane.GoogleFlex"/>, <see cref="PriceLane.GooglePriority"/>). A request on another lane is refused before sending.
    /// </summary>
    public IReadOnlyList<PriceLane> Lanes { get; init; } = [PriceLane.GoogleStandard, PriceLane.GoogleBatch];

    /// <summary>
    /// Whether the request carries an image size at all. <see langword="false"/> for <c>gemini-2.5-flash-image</c>:
    /// its one size per ratio is implied, and asking for a size is refused before sending.
    /// </summary>
    public bool SendsImageSize { get; init; } = true;

    /// <summary>The size the service uses when none is sent (and the size priced then). <c>1K</c> for every current model.</summary>
    public ImageSize DefaultSize { get; init; } = ImageSize.OneK;

    /// <summary>Release, deprecation and shutdown dates and the replacement id; <see langword="null"/> when nothing is known.</summary>
    public ModelLifecycle? Lifecycle { get; init; }

    /// <summary>Where the model facts (sizes, ratios, tokens, pixels, lanes) come from: public URLs and their dates.</summary>
    public string? Source { get; init; }

    /// <summary>Output image tokens for one image of <paramref name="size"/>, or <see langword="null"/> when unknown or unsupported.</summary>
    /// <param name="size">The size.</param>
    /// <returns>The token count.</returns>
    public int? TokensFor(ImageSize size) => ImageTokens.TryGetValue(size, out var tokens) ? tokens : null;

    /// <summary>The pixel dimensions Google returns for <paramref name="size"/> and <paramref name="ratio"/>, or <see langword="null"/> when unknown.</summary>
    /// <param name="size">The size.</param>
    /// <param name="ratio">The aspect ratio.</param>
    /// <returns>Width and height in pixels.</returns>
    public (int Width, int Height)? PixelsFor(ImageSize size, AspectRatio ratio) =>
        Pixels.TryGetValue(size, out var table) && table.TryGetValue(ratio, out var pixels) ? pixels : null;

    /// <summary>Whether the model accepts calls on <paramref name="lane"/>.</summary>
    /// <param name="lane">A Google lane.</param>
    /// <returns><see langword="true"/> when supported.</returns>
    public bool Supports(PriceLane lane) => Lanes.Contains(lane);

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
