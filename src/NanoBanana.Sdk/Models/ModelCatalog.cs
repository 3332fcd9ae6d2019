namespace NanoBanana.Sdk;

/// <summary>
/// The Nano Banana models, their sizes and ratios, and alias resolution. Which model supports what is
/// data here, not code elsewhere. Immutable and thread-safe; build a new one to add models or aliases.
/// </summary>
public sealed class ModelCatalog
{
    private static readonly string[] Prefixes = ["models/", "google/", "gemini/", "vertex_ai/"];

    private readonly Dictionary<string, ImageModel> _models;
    private readonly Dictionary<string, string> _aliases;

    /// <summary>Creates a catalog from models and explicit aliases.</summary>
    /// <param name="models">The models; ids must be unique.</param>
    /// <param name="aliases">Extra alias → model id mappings (e.g. a provider's own names). Prefixes and <c>-preview</c> suffixes are resolved without being listed.</param>
    /// <exception cref="ArgumentException">An alias points at a model id not in <paramref name="models"/>, or an id repeats.</exception>
    public ModelCatalog(IEnumerable<ImageModel> models, IReadOnlyDictionary<string, string>? aliases = null)
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
    }

    /// <summary>
    /// The built-in catalog (SPEC §2): Nano Banana 2 Lite, Nano Banana 2, Nano Banana Pro and the legacy
    /// Nano Banana, with the sizes and ratios each accepts.
    /// </summary>
    public static ModelCatalog Default { get; } = new(
    [
        new ImageModel(ImageModel.FlashLiteImageId, "Nano Banana 2 Lite", ModelTier.Lite,
            [ImageSize.Size512, ImageSize.OneK, ImageSize.TwoK], AspectRatio.Standard),
        new ImageModel(ImageModel.FlashImageId, "Nano Banana 2", ModelTier.Standard,
            [ImageSize.Size512, ImageSize.OneK, ImageSize.TwoK, ImageSize.FourK], AspectRatio.All),
        new ImageModel(ImageModel.ProImageId, "Nano Banana Pro", ModelTier.Pro,
            [ImageSize.OneK, ImageSize.TwoK, ImageSize.FourK], AspectRatio.Standard),
        new ImageModel(ImageModel.LegacyFlashImageId, "Legacy Nano Banana", ModelTier.Legacy,
            [ImageSize.OneK], AspectRatio.Standard),
    ]);

    /// <summary>The default model for new work: Nano Banana 2 (<c>gemini-3.1-flash-image</c>). Pro is an override, never the default.</summary>
    public static string DefaultModelId => ImageModel.FlashImageId;

    /// <summary>Every model in the catalog.</summary>
    public IReadOnlyCollection<ImageModel> Models => _models.Values;

    /// <summary>Returns a new catalog with <paramref name="model"/> added or replaced.</summary>
    /// <param name="model">The model to add.</param>
    /// <returns>The new catalog; this one is unchanged.</returns>
    public ModelCatalog WithModel(ImageModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var models = _models.Values.Where(m => !string.Equals(m.Id, model.Id, StringComparison.OrdinalIgnoreCase)).Append(model);
        return new ModelCatalog(models, _aliases);
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

        var aliases = new Dictionary<string, string>(_aliases, StringComparer.OrdinalIgnoreCase) { [alias] = modelId };
        return new ModelCatalog(_models.Values, aliases);
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
                $"A model id is required, e.g. '{ImageModel.FlashImageId}' (default), '{ImageModel.FlashLiteImageId}', '{ImageModel.ProImageId}'.",
                nameof(model));
        }

        if (_models.TryGetValue(model, out var exact))
        {
            return new ModelResolution(model, exact.Id, exact, IsAlias: !string.Equals(model, exact.Id, StringComparison.Ordinal));
        }

        var bare = StripPrefixes(model.Trim());
        if (_aliases.TryGetValue(model, out var target) || _aliases.TryGetValue(bare, out target))
        {
            return new ModelResolution(model, target, _models[target], IsAlias: true);
        }

        if (_models.TryGetValue(bare, out var prefixed))
        {
            return new ModelResolution(model, prefixed.Id, prefixed, IsAlias: true);
        }

        const string Preview = "-preview";
        var withoutPreview = bare.EndsWith(Preview, StringComparison.OrdinalIgnoreCase) ? bare[..^Preview.Length]
            : bare.Contains(Preview + "-", StringComparison.OrdinalIgnoreCase) ? bare[..bare.IndexOf(Preview + "-", StringComparison.OrdinalIgnoreCase)]
            : null;
        if (withoutPreview is not null && _models.TryGetValue(withoutPreview, out var preview))
        {
            return new ModelResolution(model, preview.Id, preview, IsAlias: true);
        }

        return new ModelResolution(model, bare, Model: null, IsAlias: !string.Equals(model, bare, StringComparison.Ordinal));
    }

    /// <summary>
    /// Checks a model/size/ratio combination against the catalog before any network call. Unknown models
    /// pass (the catalog cannot judge them).
    /// </summary>
    /// <param name="resolution">The resolved model.</param>
    /// <param name="size">The requested size.</param>
    /// <param name="aspectRatio">The requested ratio.</param>
    /// <exception cref="ArgumentException">The model does not support the size or ratio; the message lists what it does support.</exception>
    public static void EnsureSupported(ModelResolution resolution, ImageSize size, AspectRatio aspectRatio)
    {
        ArgumentNullException.ThrowIfNull(resolution);
        if (resolution.Model is not { } model)
        {
            return;
        }

        if (!model.Supports(size))
        {
            throw new ArgumentException(
                $"Model '{model.Id}' does not support image size '{size}'. Allowed values for this model: {string.Join(", ", model.SupportedSizes)}.",
                nameof(size));
        }

        if (!model.Supports(aspectRatio))
        {
            throw new ArgumentException(
                $"Model '{model.Id}' does not support aspect ratio '{aspectRatio}'. Allowed values for this model: {string.Join(", ", model.SupportedAspectRatios)}.",
                nameof(aspectRatio));
        }
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
