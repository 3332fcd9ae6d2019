namespace NanoBanana.Sdk;

/// <summary>
/// Shared settings for a <see cref="ProviderImageClient"/> (catalog, prices, clock, limits) plus the default model and
/// the model-mismatch policy. The provider itself (URL, key, dialect, prices, rule) is the <see cref="ProviderProfile"/>.
/// </summary>
public sealed class ProviderImageClientOptions : NanoBananaClientOptions
{
    /// <summary>Creates options with the defaults; the key type reads <c>provider API key</c>.</summary>
    public ProviderImageClientOptions() => KeyType = "provider API key";

    /// <summary>Our model id used when a request names none. Default: the catalog's default model (never Pro).</summary>
    public string Model
    {
        get => _model ?? ModelCatalog.DefaultModel;
        set => _model = value;
    }

    private string? _model;

    /// <summary>What to do when the gateway says another model answered. Default <see cref="ModelMismatchPolicy.Warn"/>.</summary>
    public ModelMismatchPolicy ModelMismatchPolicy { get; set; } = ModelMismatchPolicy.Warn;

    /// <inheritdoc/>
    private protected override void Validate(List<string> failures)
    {
        base.Validate(failures);
        if (string.IsNullOrWhiteSpace(Model))
        {
            failures.Add($"{OptionsName}.Model must not be blank (default '{ModelCatalog.DefaultModelId}').");
        }

        if (!Enum.IsDefined(ModelMismatchPolicy))
        {
            failures.Add($"{OptionsName}.ModelMismatchPolicy '{ModelMismatchPolicy}' is not valid. Allowed values: Warn, Fail.");
        }
    }
}

#pragma warning disable RS0026 // The prompt overload and the request overload both take an optional token, as in every .NET client SDK.

/// <summary>
/// The provider route: image calls through an OpenAI-compatible gateway with the provider's own key, price, billing
/// rule and logs. Same <see cref="ImageRequest"/> and <see cref="ImageGenerationResult"/> as the official route;
/// failures are classified <c>NanoBananaException</c> subtypes; nothing is retried inside the client.
/// </summary>
public interface IProviderImageClient
{
    /// <summary>The provider profile this client calls: a copy taken when the client was built (later edits to the original do not apply).</summary>
    ProviderProfile Profile { get; }

    /// <summary>Generates (or, with input images, edits) images.</summary>
    /// <param name="request">The request; Google-only settings are refused by name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The images, the model sent and returned, latency and the provider-priced cost record.</returns>
    Task<ImageGenerationResult> GenerateAsync(ImageRequest request, CancellationToken cancellationToken = default);

    /// <summary>Generates an image from a prompt with the configured model.</summary>
    /// <param name="prompt">What to generate.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The result.</returns>
    Task<ImageGenerationResult> GenerateAsync(string prompt, CancellationToken cancellationToken = default);

    /// <summary>Edits one or more input images as the prompt says.</summary>
    /// <param name="prompt">How to edit the images.</param>
    /// <param name="images">The input images, in order; at least one.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The result.</returns>
    Task<ImageGenerationResult> EditAsync(string prompt, IReadOnlyList<ImageInput> images, CancellationToken cancellationToken = default);
}
