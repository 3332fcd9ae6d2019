namespace NanoBanana.Sdk.Emulator;

/// <summary>
/// A request quota for one Google Cloud project and model, as the real service enforces it: per project,
/// never per key, so two keys of one project share it.
/// </summary>
public sealed record QuotaLimit
{
    /// <summary>The model every model matches (each model still counts separately).</summary>
    public const string AnyModel = "*";

    /// <summary>The project id (see <see cref="NanoBananaEmulatorOptions.ApiKeys"/>).</summary>
    public required string Project { get; init; }

    /// <summary>The model id without <c>-preview</c> (e.g. <c>gemini-3-pro-image</c>), or <see cref="AnyModel"/>.</summary>
    public string Model { get; init; } = AnyModel;

    /// <summary>Requests allowed in any 60-second window, or <see langword="null"/> for no limit.</summary>
    public int? RequestsPerMinute { get; init; }

    /// <summary>Requests allowed in any 24-hour window, or <see langword="null"/> for no limit.</summary>
    public int? RequestsPerDay { get; init; }
}
