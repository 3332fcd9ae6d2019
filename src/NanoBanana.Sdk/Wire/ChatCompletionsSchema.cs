using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace NanoBanana.Sdk.Wire;

/// <summary>
/// A gateway's chat completions answer on the shared streaming engine. Images come as data URLs in any of
/// <c>choices[].message.images[].image_url.url</c>, <c>image_url</c> parts of an array <c>message.content</c>, or Markdown
/// <c>![..](data:image/png;base64,…)</c> inside a string <c>message.content</c>; each is decoded from the stream into the
/// image buffer. Also reads <c>model</c>, <c>id</c>, the first choice's <c>finish_reason</c> and <c>usage</c> (with the
/// provider-reported <c>usage.cost</c> in USD).
/// </summary>
internal sealed partial class ChatCompletionsSchema : ImageStreamEngine
{
    private readonly ParsedImageResponse _result = new();
    private readonly Node[] _nodes = new Node[8];
    private readonly List<(int Offset, int Length, string MimeType)> _images = [];
    private int _nodeCount;
    private Property _property;
    private int _choiceIndex = -1;

    private bool _hasUsage;
    private int? _promptTokens;
    private int? _completionTokens;
    private int? _totalTokens;
    private int? _imageTokens;
    private int? _reasoningTokens;

    public ChatCompletionsSchema(Utf8StreamFeed feed, ImageParseLimits limits)
        : base(feed, limits)
    {
    }

    private enum Node : byte
    {
        None,
        Root,
        Choices,
        Choice,
        Message,
        ContentParts,
        ContentPart,
        ImageList,
        ImageItem,
        ImageUrl,
        Usage,
        CompletionDetails,
    }

    private enum Property : byte
    {
        None,
        Choices,
        Message,
        FinishReason,
        Content,
        Images,
        Text,
        ImageUrl,
        Url,
        Usage,
        PromptTokens,
        CompletionTokens,
        TotalTokens,
        Cost,
        CompletionDetails,
        ImageTokens,
        ReasoningTokens,
        Model,
        Id,
    }

    private Node Current => _nodes[_nodeCount - 1];

    protected override bool OnEnterContainer(bool isObject)
    {
        Node node = _nodeCount == 0 ? Node.Root : (Current, _property, isObject) switch
        {
            (Node.Root, Property.Choices, false) => Node.Choices,
            (Node.Choices, Property.None, true) => Node.Choice,
            (Node.Choice, Property.Message, true) => Node.Message,
            (Node.Message, Property.Content, false) => Node.ContentParts,
            (Node.ContentParts, Property.None, true) => Node.ContentPart,
            (Node.Message, Property.Images, false) => Node.ImageList,
            (Node.ImageList, Property.None, true) => Node.ImageItem,
            (Node.ContentPart or Node.ImageItem, Property.ImageUrl, true) => Node.ImageUrl,
            (Node.Root, Property.Usage, true) => Node.Usage,
            (Node.Usage, Property.CompletionDetails, true) => Node.CompletionDetails,
            _ => Node.None,
        };
        _property = Property.None;
        if (node == Node.None || _nodeCount == _nodes.Length)
        {
            return false;
        }

        _nodes[_nodeCount++] = node;
        switch (node)
        {
            case Node.Choice:
                _choiceIndex++;
                _result.CandidateCount++;
                break;
            case Node.Usage:
                _hasUsage = true;
                break;
        }

        return true;
    }

    protected override void OnExitContainer()
    {
        _nodeCount--;
        _property = Property.None;
    }

    protected override StringScan OnPropertyName(ref Utf8JsonReader reader)
    {
        _property = Current switch
        {
            Node.Root =>
                Is(ref reader, "choices"u8) ? Property.Choices
                : Is(ref reader, "usage"u8) ? Property.Usage
                : Is(ref reader, "model"u8) ? Property.Model
                : Is(ref reader, "id"u8) ? Property.Id
                : Property.None,
            Node.Choice =>
                Is(ref reader, "message"u8) ? Property.Message
                : Is(ref reader, "finish_reason"u8) ? Property.FinishReason
                : Property.None,
            Node.Message =>
                Is(ref reader, "content"u8) ? Property.Content
                : Is(ref reader, "images"u8) ? Property.Images
                : Property.None,
            Node.ContentPart =>
                Is(ref reader, "text"u8) ? Property.Text
                : Is(ref reader, "image_url"u8) ? Property.ImageUrl
                : Property.None,
            Node.ImageItem => Is(ref reader, "image_url"u8) ? Property.ImageUrl : Property.None,
            Node.ImageUrl => Is(ref reader, "url"u8) ? Property.Url : Property.None,
            Node.Usage =>
                Is(ref reader, "prompt_tokens"u8) ? Property.PromptTokens
                : Is(ref reader, "completion_tokens"u8) ? Property.CompletionTokens
                : Is(ref reader, "total_tokens"u8) ? Property.TotalTokens
                : Is(ref reader, "cost"u8) ? Property.Cost
                : Is(ref reader, "completion_tokens_details"u8) ? Property.CompletionDetails
                : Property.None,
            Node.CompletionDetails =>
                Is(ref reader, "image_tokens"u8) ? Property.ImageTokens
                : Is(ref reader, "reasoning_tokens"u8) ? Property.ReasoningTokens
                : Property.None,
            _ => Property.None,
        };

        // Every string that can hold an image (or text around one) is scanned, never tokenized.
        return _property is Property.Content or Property.Text or Property.ImageUrl or Property.Url ? StringScan.DataUrl : StringScan.None;
    }

    protected override void OnScalar(ref Utf8JsonReader reader)
    {
        switch (_property)
        {
            case Property.Model:
                _result.ModelVersion = AsString(ref reader);
                break;
            case Property.Id:
                _result.ResponseId = AsString(ref reader);
                break;
            case Property.FinishReason when _choiceIndex == 0:
                _result.FinishReason = AsString(ref reader);
                break;
            case Property.PromptTokens:
                _promptTokens = AsInt32(ref reader);
                break;
            case Property.CompletionTokens:
                _completionTokens = AsInt32(ref reader);
                break;
            case Property.TotalTokens:
                _totalTokens = AsInt32(ref reader);
                break;
            case Property.ImageTokens:
                _imageTokens = AsInt32(ref reader);
                break;
            case Property.ReasoningTokens:
                _reasoningTokens = AsInt32(ref reader);
                break;
            case Property.Cost:
                _result.ReportedCostUsd = AsDecimal(ref reader);
                break;
        }

        _property = Property.None;
    }

    protected override bool OnBase64Begin() => false;

    protected override void OnBase64End((int Offset, int Length) data) => _property = Property.None;

    protected override void OnDataUrlImage(string mimeType, (int Offset, int Length) data) =>
        _images.Add((data.Offset, data.Length, mimeType));

    protected override void OnDataUrlEnd(string text, int images)
    {
        if (_property is Property.ImageUrl or Property.Url)
        {
            if (images == 0 && !string.IsNullOrWhiteSpace(text))
            {
                _result.ImageUrls.Add(text.Trim());
            }
        }
        else
        {
            // What is left of a Markdown image whose data URI was taken out: "![image]()".
            string rest = images > 0 ? EmptyMarkdownImage().Replace(text, string.Empty) : text;
            if (!string.IsNullOrWhiteSpace(rest))
            {
                if (_result.Text.Length > 0)
                {
                    _result.Text.Append('\n');
                }

                _result.Text.Append(images > 0 ? rest.Trim() : rest);
            }
        }

        _property = Property.None;
    }

    protected override ParsedImageResponse Complete()
    {
        byte[] buffer = Decoder.DetachBuffer();
        foreach (var (offset, length, mimeType) in _images)
        {
            _result.Images.Add(new ParsedImage(buffer.AsMemory(offset, length), mimeType));
        }

        if (_hasUsage)
        {
            _result.Usage = new TokenUsage
            {
                InputTokens = _promptTokens,
                OutputTokens = _completionTokens,
                OutputImageTokens = _imageTokens,
                ThoughtTokens = _reasoningTokens,
                TotalTokens = _totalTokens,
            };
        }

        return _result;
    }

    /// <summary>A number, or a number in a string (some gateways quote it); <see langword="null"/> otherwise or when negative.</summary>
    internal static decimal? AsDecimal(ref Utf8JsonReader reader)
    {
        decimal value;
        bool ok = reader.TokenType switch
        {
            JsonTokenType.Number => reader.TryGetDecimal(out value),
            JsonTokenType.String => decimal.TryParse(AsString(ref reader), NumberStyles.Float, CultureInfo.InvariantCulture, out value),
            _ => (value = 0) != 0,
        };
        return ok && value >= 0 ? value : null;
    }

    [GeneratedRegex(@"!\[[^\]\n]{0,200}\]\(\s*\)")]
    private static partial Regex EmptyMarkdownImage();
}
