
namespace NanoBanana.Sdk;

/// <summary>
/// Settings for <c>OfficialImageClient</c>: the Google connection and shared settings from the base classes, plus
/// the transport, the default model and the default tier. Read once when the client is built: changing them later
/// does not affect an existing client.
/// </summary>
public sealed class OfficialImageClientOptions : GoogleClientOptions
{
    /// <summary>The smallest timeout a Flex call is given: 15 minutes (Flex targets 1–15 min latency).</summary>
    public static TimeSpan MinimumFlexTimeout { get; } = TimeSpan.FromMinutes(15);

    /// <summary>Which endpoint carries the calls. Default <see cref="OfficialTransport.Interactions"/>.</summary>
    public OfficialTransport Transport { get; set; } = OfficialTransport.Interactions;

    /// <summary>
    /// The model used when a request names none. Default: the catalog's default model, <see cref="ModelCatalog.DefaultModelId"/>
    /// (<c>gemini-nano-banana-2.1</c>; Pro is an override, never a default).
    /// </summary>
    public string Model
    {
        get => _model ?? ModelCatalog.DefaultModel;
        set => _model = value;
    }

    private string? _model;

    /// <summary>The service tier used when a request names none. Default <see cref="Sdk.ServiceTier.Standard"/>.</summary>
    public ServiceTier ServiceTier { get; set; } = ServiceTier.Standard;

    /// <inheritdoc/>
    private protected override void Validate(List<string> failures)
    {
        base.Validate(failures);
        if (!Enum.IsDefined(Transport))
        {
            failures.Add($"{OptionsName}.Transport '{Transport}' is not valid. Allowed values: Interactions, GenerateContent.");
        }

        if (string.IsNullOrWhiteSpace(Model))
        {
            failures.Add($"{OptionsName}.Model must not be blank (default '{ModelCatalog.DefaultModelId}').");
        }
    }
}
