namespace NanoBanana.Sdk;

/// <summary>How soon the caller needs the image: decides between the real-time, Flex and Batch lanes (SPEC §1).</summary>
public enum RoutingUrgency
{
    /// <summary>Real-time, user-facing output: the Standard lane (never Batch, never Flex).</summary>
    Interactive = 0,

    /// <summary>Can wait minutes: Flex (synchronous, about half price, 1–15 min) where the model has a Flex lane, else Standard.</summary>
    Minutes = 1,

    /// <summary>Offline work that can wait hours: a Batch job (half price, up to 24 h); the result is the job handle.</summary>
    Offline = 2,
}

/// <summary>What the image is for: decides the model (SPEC §2). Pro is never picked for <see cref="Default"/> work.</summary>
public enum RoutingQuality
{
    /// <summary>Most production images: the catalog's default-tier model (Nano Banana 2.1).</summary>
    Default = 0,

    /// <summary>Cheap drafts and fast iteration: Nano Banana 2 Lite where it can serve the size and ratio.</summary>
    Draft = 1,

    /// <summary>
    /// Brand or final assets. Pro only when <see cref="RoutingPreferences.AllowPro"/> says the cheaper model failed
    /// the bar (or the request names Pro); otherwise the default-tier model, and the plan says why.
    /// </summary>
    Final = 2,
}

/// <summary>
/// The routing section of an <see cref="ImageRequest"/>: what the image needs, for <see cref="INanoBananaClient"/>.
/// The route clients ignore it. Every property is optional; <see langword="null"/> falls back to the client's
/// <see cref="RoutingOptions"/>.
/// </summary>
public sealed class RoutingPreferences
{
    /// <summary>How soon the image is needed. Default <see cref="RoutingUrgency.Interactive"/>.</summary>
    public RoutingUrgency Urgency { get; init; }

    /// <summary>What the image is for. Default <see cref="RoutingQuality.Default"/>.</summary>
    public RoutingQuality Quality { get; init; }

    /// <summary>The image carries text or a layout that must be exact (typography): a Pro use case, taken only with <see cref="AllowPro"/>.</summary>
    public bool NeedsTextFidelity { get; init; }

    /// <summary>
    /// Pro may be used for final, 4K or typography work: set it once the default-tier model visibly failed the
    /// quality bar (SPEC §2). Without it the plan keeps the default-tier model and says so.
    /// </summary>
    public bool AllowPro { get; init; }

    /// <summary>The most one image may cost, in USD; overrides <see cref="RoutingBudget.PerImageUsd"/>. Not negative.</summary>
    public decimal? MaxPerImageUsd { get; init; }

    /// <summary>The routes this request may use (within <see cref="RoutingOptions.AllowedRoutes"/>); <see langword="null"/> or empty: those of the options.</summary>
    public IReadOnlyList<ImageRoute>? AllowedRoutes { get; init; }

    /// <summary>The provider to use on the provider route; overrides <see cref="RoutingOptions.PreferredProvider"/>.</summary>
    public string? PreferredProvider { get; init; }
}
