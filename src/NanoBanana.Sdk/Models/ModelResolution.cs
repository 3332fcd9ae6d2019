namespace NanoBanana.Sdk;

/// <summary>
/// What a model string resolved to: the exact string the caller gave (sent on the wire as is), the
/// current catalog id it maps to for pricing and policy, and whether it was an alias or a legacy model.
/// </summary>
public sealed record ModelResolution
{
    /// <summary>The exact model string given, e.g. <c>models/gemini-3-pro-image-preview</c>.</summary>
    public string Requested { get; init; } = string.Empty;

    /// <summary>The current catalog id it maps to, or the bare id (no prefix) when unknown.</summary>
    public string ModelId { get; init; } = string.Empty;

    /// <summary>The catalog entry, or <see langword="null"/> when the id is unknown.</summary>
    public ImageModel? Model { get; init; }

    /// <summary><see langword="true"/> when <see cref="Requested"/> is not the bare current id (a prefix, a <c>-preview</c> id, a provider alias).</summary>
    public bool IsAlias { get; init; }

    /// <summary>
    /// The lifecycle of the requested id: a retired alias's own (a shut-down <c>-preview</c> id), else the model's;
    /// <see langword="null"/> when unknown. <see cref="ModelCatalog.EnsureServed"/> acts on it.
    /// </summary>
    public ModelLifecycle? Lifecycle { get; init; }

    /// <summary><see langword="true"/> when <see cref="Lifecycle"/> belongs to the alias itself (e.g. a shut-down <c>-preview</c> id), not to the model.</summary>
    public bool HasOwnLifecycle { get; init; }

    /// <summary><see langword="true"/> when the catalog knows the model; an unknown model has no price and no size rules.</summary>
    public bool IsKnown => Model is not null;

    /// <summary><see langword="true"/> when the model is a legacy one (compatibility only).</summary>
    public bool IsLegacy => Model?.IsLegacy ?? false;

    /// <summary>
    /// The id to put in a Google request: the caller's string without a leading <c>models/</c> (the path adds it).
    /// Provider gateways get <see cref="Requested"/> unchanged.
    /// </summary>
    public string GoogleWireId => Requested.StartsWith("models/", StringComparison.Ordinal) ? Requested["models/".Length..] : Requested;

    /// <summary>A one-line note for logs and results when the resolution deserves attention; otherwise <see langword="null"/>.</summary>
    public string? Warning
    {
        get
        {
            if (!IsKnown)
            {
                return $"Model '{Requested}' is not in the catalog: no price and no size rules apply; add it with ModelCatalog and a price row.";
            }

            // An alias of a legacy model (e.g. models/gemini-2.5-flash-image) must still carry the migration warning.
            var alias = IsAlias ? $"Model '{Requested}' is an alias of '{ModelId}'; priced and checked as '{ModelId}', sent as given." : null;
            var legacy = IsLegacy ? $"Model '{ModelId}' is legacy (compatibility only); plan a migration to {Model?.Lifecycle?.ReplacementId ?? ImageModel.NanoBanana21Id}." : null;
            return alias is null ? legacy : legacy is null ? alias : $"{alias} {legacy}";
        }
    }
}
