using System.Text.Json.Serialization;

namespace NanoBanana.Sdk;

/// <summary><c>{"batch": {"displayName", "inputConfig": {"fileName"}}}</c>.</summary>
internal sealed record BatchCreateFileBody([property: JsonPropertyName("batch")] BatchCreateFile Batch)
{
    public BatchCreateFileBody(string displayName, string fileName)
        : this(new BatchCreateFile(displayName, new BatchInputConfig(fileName)))
    {
    }
}

internal sealed record BatchCreateFile(
    [property: JsonPropertyName("displayName")] string DisplayName,
    [property: JsonPropertyName("inputConfig")] BatchInputConfig InputConfig);

internal sealed record BatchInputConfig([property: JsonPropertyName("fileName")] string FileName);

/// <summary>The resumable upload's start body: <c>{"file": {"displayName", "mimeType"}}</c>.</summary>
internal sealed record BatchUploadStartBody([property: JsonPropertyName("file")] BatchUploadFile File);

internal sealed record BatchUploadFile(
    [property: JsonPropertyName("displayName")] string DisplayName,
    [property: JsonPropertyName("mimeType")] string MimeType);

/// <summary>Source-generated metadata for the Batch bodies the client writes.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(BatchCreateFileBody))]
[JsonSerializable(typeof(BatchUploadStartBody))]
internal sealed partial class BatchJsonContext : JsonSerializerContext;
