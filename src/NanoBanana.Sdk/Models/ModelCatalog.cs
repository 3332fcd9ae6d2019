namespace NanoBanana.Sdk;

/// <summary>
/// The Nano Banana models, their sizes and ratios, and alias resolution. Which model supports what is
/// data here, not code elsewhere. Immutable and thread-safe; build a new one to add models or aliases.
/// </summary>
public sealed partial class ModelCatalog
{
    private static readonly string[] Prefixes = ["models/", "google/", "gemini/", "vertex_ai/"];

    private readonly Dictionary<string, ImageModel> _models;
    private readonly Dictionary<string, string> _aliases;
    private readonly Dictionary<string, ModelLifecycle> _aliasLifecycles;

    /// <summary>Creates a catalog from models and explicit aliases.</summary>
    /// <param name="models">The models; ids must be unique.</param>
    /// <param name="aliases">Extra alias → model id mappings (e.g. a provider's own names). Prefixes and <c>-preview</c> suffixes are resolved without being listed.</param>
    /// <exception cref="ArgumentException">An alias points at a model id not in <paramref name="models"/>, or an id repeats.</exception>
    public ModelCatalog(IEnumerable<ImageModel> models, IReadOnlyDictionary<string, string>? aliases = null)
        : this(models, aliases, aliasLifecycles: null, defaultModel: null)
    {
    }

    private ModelCatalog(
        IEnumerable<ImageModel> models,
        IReadOnlyDictionary<string, string>? aliases,
        IReadOnlyDictionary<string, ModelLifecycle>? aliasLifecycles,
        string? defaultModel)
    {
        ArgumentNullException.ThrowIfNull(models);
        _models = new Dictionary<string, ImageModel>(StringComparer.OrdinalIgnoreCase);
        foreach (var model in models)
        {
            if (!_models.TryAdd(model.Id, model))
            {
                throw new ArgumentException($"Model id '{model.Id}' appears twice in the catalog.", nameof(models));
            }
        }

        _aliases = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (alias, target) in aliases ?? new Dictionary<string, string>())
        {
            if (!_models.ContainsKey(target))
            {
                throw new ArgumentException($"Alias '{alias}' points at '{target}', which is not in the catalog.", nameof(aliases));
            }

            _aliases[alias] = target;
        }

        _aliasLifecycles = new Dictionary<string, ModelLifecycle>(aliasLifecycles ?? new Dictionary<string, ModelLifecycle>(), StringComparer.OrdinalIgnoreCase);
        DefaultModel = defaultModel is not null && _models.TryGetValue(defaultModel, out var chosen) ? chosen.Id
            : _models.ContainsKey(ImageModel.NanoBanana21Id) ? ImageModel.NanoBanana21Id
            : _models.Values.FirstOrDefault(m => m.Tier == ModelTier.Standard && m.Lifecycle?.DeprecatedOn is null)?.Id
            ?? _models.Values.FirstOrDefault(m => m.Tier != ModelTier.Pro)?.Id
            ?? ImageModel.NanoBanana21Id;
    }

    /// <summary>
    /// The built-in catalog (SPEC §2, MODELS.md 2026-11-29): Nano Banana 2 Lite, Nano Banana 2 (deprecated),
    /// Nano Banana 2.1 (the default), Nano Banana Pro and the legacy Nano Banana, with the sizes, ratios, pixel
    /// sizes, image tokens, lanes and lifecycle of each, and the shut-down <c>-preview</c> ids as aliases.
    /// </summary>
    public static ModelCatalog Default { get; } = new(
        ModelFacts.Models,
        ModelFacts.RetiredAliases.ToDictionary(a => a.Alias, a => a.ModelId),
        ModelFacts.RetiredAliases.ToDictionary(a => a.Alias, a => a.Lifecycle),
        ImageModel.NanoBanana21Id);

    /// <summary>
    /// The default model of <see cref="Default"/>: Nano Banana 2.1 (<c>gemini-nano-banana-2.1</c>). Pro is an
    /// override, never the default; a deprecated model is never the default.
    /// </summary>
    public static string DefaultModelId => Default.DefaultModel;

    /// <summary>
    /// The model this catalog uses when a request names none: the current default-tier model. Change it with
    /// <see cref="WithDefaultModel"/> or configuration (<c>NanoBanana:Models:DefaultModel</c>).
    /// </summary>
    public string DefaultModel { get; }

    /// <summary>Lifecycles of alias ids that have their own (the shut-down <c>-preview</c> ids), keyed by alias.</summary>
    public IReadOnlyDictionary<string, ModelLifecycle> AliasLifecycles => _aliasLifecycles;

    /// <summary>Returns a new catalog whose <see cref="DefaultModel"/> is <paramref name="modelId"/>.</summary>
    /// <param name="modelId">A model id of this catalog.</param>
    /// <returns>The new catalog; this one is unchanged.</returns>
    /// <exception cref="ArgumentException">The id is not in the catalog, or names a Pro model (Pro is an override, never a default).</exception>
    public ModelCatalog WithDefaultModel(string modelId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        var model = Find(modelId.Trim()) ?? throw new ArgumentException(
            $"Default model '{modelId}' is not in the catalog. Allowed values: {string.Join(", ", _models.Keys)}.", nameof(modelId));
        if (model.Tier == ModelTier.Pro)
        {
            throw new ArgumentException(
                $"Default model '{model.Id}' is a Pro model: Pro is an override per request, never the default. Allowed values: {string.Join(", ", _models.Values.Where(m => m.Tier != ModelTier.Pro).Select(m => m.Id))}.",
                nameof(modelId));
        }

        return new ModelCatalog(_models.Values, _aliases, _aliasLifecycles, model.Id);
    }

    /// <summary>
    /// Returns a new catalog with an alias that has its own lifecycle, such as a shut-down <c>-preview</c> id: priced
    /// and checked as <paramref name="modelId"/>, refused on Google's routes once <see cref="ModelLifecycle.ShutdownOn"/> has passed.
    /// </summary>
    /// <param name="alias">The alias id, e.g. <c>gemini-3-pro-image-preview</c>.</param>
    /// <param name="modelId">The catalog id it stands for.</param>
    /// <param name="lifecycle">The alias's own lifecycle; one without a shutdown date lets Google's routes send it.</param>
    /// <returns>The new catalog; this one is unchanged.</returns>
    /// <exception cref="ArgumentException">An argument is empty, or <paramref name="modelId"/> is not in the catalog.</exception>
    public ModelCatalog WithRetiredAlias(string alias, string modelId, ModelLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        var catalog = WithAlias(alias, modelId);
        var lifecycles = new Dictionary<string, ModelLifecycle>(_aliasLifecycles, StringComparer.OrdinalIgnoreCase) { [alias.Trim()] = lifecycle };
        return new ModelCatalog(catalog._models.Values, catalog._aliases, lifecycles, DefaultModel);
    }

    /// <summary>Every model in the catalog.</summary>
    public IReadOnlyCollection<ImageModel> Models => _models.Values;

    /// <summary>Returns a new catalog with <paramref name="model"/> added or replaced.</summary>
    /// <param name="model">The model to add.</param>
    /// <returns>The new catalog; this one is unchanged.</returns>
    public ModelCatalog WithModel(ImageModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var models = _models.Values.Where(m => !string.Equals(m.Id, model.Id, StringComparison.OrdinalIgnoreCase)).Append(model);
        return new ModelCatalog(models, _aliases, _aliasLifecycles, DefaultModel);
    }

    /// <summary>Returns a new catalog with an extra alias.</summary>
    /// <param name="alias">The alias, e.g. a provider's model name.</param>
    /// <param name="modelId">The catalog id it stands for.</param>
    /// <returns>The new catalog; this one is unchanged.</returns>
    /// <exception cref="ArgumentException">An argument is empty, or <paramref name="modelId"/> is not in the catalog; the message lists the ids.</exception>
    public ModelCatalog WithAlias(string alias, string modelId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(alias);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        if (!_models.ContainsKey(modelId))
        {
            throw new ArgumentException(
                $"Alias '{alias}' points at '{modelId}', which is not in the catalog. Allowed values: {string.Join(", ", _models.Keys)}.", nameof(modelId));
        }

        var aliases = new Dictionary<string, string>(_aliases, StringComparer.OrdinalIgnoreCase) { [alias.Trim()] = modelId };
        return new ModelCatalog(_models.Values, aliases, _aliasLifecycles, DefaultModel);
    }

    /// <summary>Looks up a model by its exact current id.</summary>
    /// <param name="modelId">The id, e.g. <c>gemini-3-pro-image</c>.</param>
    /// <returns>The model, or <see langword="null"/>.</returns>
    public ImageModel? Find(string modelId) => _models.GetValueOrDefault(modelId);

    /// <summary>
    /// Resolves a model string: current ids, <c>models/</c> and provider prefixes (<c>google/</c>), <c>-preview</c>
    /// ids and configured aliases map to the current id. Unknown ids are allowed (the service evolves) and
    /// come back with <see cref="ModelResolution.IsKnown"/> false.
    /// </summary>
    /// <param name="model">The model string as the caller wrote it.</param>
    /// <returns>The resolution, keeping the original string.</returns>
    /// <exception cref="ArgumentException"><paramref name="model"/> is null, empty or white space.</exception>
    public ModelResolution Resolve(string model)
    {
        if (string.IsNullOrWhiteSpace(model))
        {
            throw new ArgumentException(
                $"A model id is required, e.g. '{DefaultModel}' (default), '{ImageModel.FlashLiteImageId}', '{ImageModel.ProImageId}'.",
                nameof(model));
        }

        if (_models.TryGetValue(model, out var exact))
        {
            return new ModelResolution { Requested = model, ModelId = exact.Id, Model = exact, IsAlias = !string.Equals(model, exact.Id, StringComparison.Ordinal), Lifecycle = exact.Lifecycle };
        }

        var bare = StripPrefixes(model.Trim());
        if (_aliases.TryGetValue(model, out var target) || _aliases.TryGetValue(bare, out target))
        {
            var own = _aliasLifecycles.GetValueOrDefault(model) ?? _aliasLifecycles.GetValueOrDefault(bare);
            return new ModelResolution { Requested = model, ModelId = target, Model = _models[target], IsAlias = true, Lifecycle = own ?? _models[target].Lifecycle, HasOwnLifecycle = own is not null };
        }

        if (_models.TryGetValue(bare, out var prefixed))
        {
            return new ModelResolution { Requested = model, ModelId = prefixed.Id, Model = prefixed, IsAlias = true, Lifecycle = prefixed.Lifecycle };
        }

        const string Preview = "-preview";
        var withoutPreview = bare.EndsWith(Preview, StringComparison.OrdinalIgnoreCase) ? bare[..^Preview.Length]
            : bare.Contains(Preview + "-", StringComparison.OrdinalIgnoreCase) ? bare[..bare.IndexOf(Preview + "-", StringComparison.OrdinalIgnoreCase)]
            : null;
        if (withoutPreview is not null && _models.TryGetValue(withoutPreview, out var preview))
        {
            return new ModelResolution { Requested = model, ModelId = preview.Id, Model = preview, IsAlias = true, Lifecycle = preview.Lifecycle };
        }

        return new ModelResolution { Requested = model, ModelId = bare, Model = null, IsAlias = !string.Equals(model, bare, StringComparison.Ordinal) };
    }

    /// <summary>
    /// Checks a model/size/ratio combination against the catalog before any network call. Unknown models
    /// pass (the catalog cannot judge them).
    /// </summary>
    /// <param name="resolution">The resolved model.</param>
    /// <param name="size">The requested size.</param>
    /// <param name="aspectRatio">The requested ratio.</param>
    /// <exception cref="ArgumentException">The model does not support the size or ratio; the message lists what it does support.</exception>
    public static void EnsureSupported(ModelResolution resolution, ImageSize size, AspectRatio aspectRatio) =>
        EnsureSupported(resolution, (ImageSize?)size, aspectRatio, PriceLane.GoogleStandard);

    /// <summary>
    /// Checks a request against the catalog before any network call: the size (or that none is sent, for a model
    /// that takes no size), the ratio and the lane (a Flex or Priority request on a model without that lane is
    /// refused). Unknown models pass (the catalog cannot judge them).
    /// </summary>
    /// <param name="resolution">The resolved model.</param>
    /// <param name="size">The requested size, or <see langword="null"/> when none is sent (the model's default applies).</param>
    /// <param name="aspectRatio">The requested ratio, or <see langword="null"/> when none is sent.</param>
    /// <param name="lane">The lane the request asks for (<see cref="ServiceTier.Lane"/>, or <see cref="PriceLane.GoogleBatch"/>).</param>
    /// <exception cref="ArgumentException">The model does not take the size, ratio or lane; the message lists what it does take.</exception>
    public static void EnsureSupported(ModelResolution resolution, ImageSize? size, AspectRatio? aspectRatio, PriceLane lane)
    {
        ArgumentNullException.ThrowIfNull(resolution);
        if (resolution.Model is not { } model)
        {
            return;
        }

        if (size is { } asked && !model.SendsImageSize)
        {
            throw new ArgumentException(
                $"Model '{model.Id}' takes no image size parameter (it returns one size per ratio, about 1 MP); '{asked}' was asked for. Leave the size unset for this model.",
                nameof(size));
        }

        if (size is { } requested && !model.Supports(requested))
        {
            throw new ArgumentException(
                $"Model '{model.Id}' does not support image size '{requested}'. Allowed values for this model: {string.Join(", ", model.SupportedSizes)}.",
                nameof(size));
        }

        if (aspectRatio is { } ratio && !model.Supports(ratio))
        {
            throw new ArgumentException(
                $"Model '{model.Id}' does not support aspect ratio '{ratio}'. Allowed values for this model: {string.Join(", ", model.SupportedAspectRatios)}.",
                nameof(aspectRatio));
        }

        if (lane != PriceLane.Provider && !model.Supports(lane))
        {
            throw new ArgumentException(
                $"Model '{model.Id}' has no {Pricing.PriceRow.DescribeLane(lane, null)} lane. Lanes for this model: {string.Join(", ", model.Lanes.Select(l => Pricing.PriceRow.DescribeLane(l, null)))}.",
                nameof(lane));
        }
    }

    /// <summary>
    /// Checks the lifecycle of a model string before sending it to Google's own API: an id past its shutdown date
    /// (per this catalog) is refused, naming the replacement. Provider routes do not call this: there a
    /// <c>-preview</c> id stays a usable alias.
    /// </summary>
    /// <param name="resolution">The resolved model.</param>
    /// <param name="now">The current time (from the client's <see cref="TimeProvider"/>).</param>
    /// <returns>The deprecation warning to show once, or <see langword="null"/> when the id is current.</returns>
    /// <exception cref="ArgumentException">The id is shut down; the message names the replacement and how to override.</exception>
    public static string? EnsureServed(ModelResolution resolution, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(resolution);
        if (resolution.Lifecycle is not { } lifecycle)
        {
            return null;
        }

        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var id = resolution.HasOwnLifecycle ? resolution.Requested : resolution.ModelId;
        if (lifecycle.IsShutDownOn(today))
        {
            throw new ArgumentException(lifecycle.ShutdownMessage(id), nameof(resolution));
        }

        return lifecycle.IsDeprecatedOn(today) ? lifecycle.DeprecationWarning(id) : null;
    }

    private static string StripPrefixes(string model)
    {
        foreach (var prefix in Prefixes)
        {
            if (model.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return model[prefix.Length..];
            }
        }

        return model;
    }
}
