using System.Text.Json.Serialization;

namespace NanoBanana.Sdk.Wire;

/// <summary>
/// Source-generated System.Text.Json metadata for the request bodies the SDK writes (trim and AOT safe, no
/// reflection). Null members are omitted: the service treats an absent field and a null one differently.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GenerateContentRequest))]
[JsonSerializable(typeof(InteractionRequest))]
internal sealed partial class WireJsonContext : JsonSerializerContext;
