namespace NanoBanana.Sdk;

/// <summary>
/// Which Gemini API endpoint carries official-route calls. Switching changes nothing else: the same request
/// type, result type, errors and pricing apply to both.
/// </summary>
public enum OfficialTransport
{
    /// <summary><c>POST /v1beta/interactions</c>: Google's recommended API for the latest models; supports multi-turn edits by id.</summary>
    Interactions = 0,

    /// <summary><c>POST /v1beta/models/{model}:generateContent</c>: the established API most existing code uses.</summary>
    GenerateContent = 1,
}
