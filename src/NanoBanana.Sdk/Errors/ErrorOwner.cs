namespace NanoBanana.Sdk.Errors;

/// <summary>
/// Who most likely has to act on a failure (SPEC §7, "classify, don't guess"). A hint from the status, the
/// service's error codes and the route, not a verdict: <see cref="NanoBananaException.NextMove"/> says what to check.
/// </summary>
public enum ErrorOwner
{
    /// <summary>The key: its type, restrictions, the project it is linked to, the auth-key migration.</summary>
    CredentialSetup = 0,

    /// <summary>The project or policy owner: enabled API, billing, org policy, file access, a provider's denial.</summary>
    ProjectOrPolicy = 1,

    /// <summary>Quota and traffic shape: live RPM/TPM/RPD/image limits of the project (or the provider account), concurrency, batching.</summary>
    QuotaAndTrafficShape = 2,

    /// <summary>The request and the parser: response parts, modalities, safety finish, prompt shape, an answer the SDK could not read.</summary>
    RequestAndParser = 3,

    /// <summary>Capacity or the gateway path: overload, outages, timeouts, proxies and gateways between the SDK and the model.</summary>
    CapacityOrGatewayPath = 4,

    /// <summary>Cost instrumentation: a bill higher than the estimate (resolution, grounding, retries, duplicate jobs, failed-call rules).</summary>
    CostInstrumentation = 5,

    /// <summary>The calling code: an invalid request (parameters, model id, payload size).</summary>
    Caller = 6,

    /// <summary>The failure did not match a known pattern; start from the reproduction packet.</summary>
    Unknown = 7,
}

/// <summary>Why an answer carried no image.</summary>
public enum NoImageReason
{
    /// <summary>Generation stopped on a safety or policy finish (e.g. <c>SAFETY</c>, <c>IMAGE_SAFETY</c>, <c>PROHIBITED_CONTENT</c>).</summary>
    SafetyFinish = 0,

    /// <summary>The prompt itself was blocked before generation (<c>promptFeedback.blockReason</c>).</summary>
    PromptBlocked = 1,

    /// <summary>The model finished normally but answered with text only.</summary>
    TextOnly = 2,

    /// <summary>Generation stopped for another reason (e.g. <c>MAX_TOKENS</c>, <c>RECITATION</c>, <c>OTHER</c>).</summary>
    OtherFinish = 3,
}
