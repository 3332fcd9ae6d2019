using System.Text.Json;

namespace NanoBanana.Sdk.Wire;

/// <summary>
/// An OpenAI-style Images API answer (<c>/v1/images/generations</c>, <c>/v1/images/edits</c>) on the shared streaming
/// engine: every <c>data[].b64_json</c> is decoded from the stream into the image buffer (its type sniffed from the
/// bytes), a <c>data[].url</c> is recorded without bytes, <c>data[].revised_prompt</c> becomes text; <c>usage</c>
/// (<c>input_tokens</c>, <c>output_tokens</c>, <c>total_tokens</c>, and <c>cost</c> when a gateway adds it), <c>model</c>.
/// </summary>
internal sealed class ImagesApiSchema : ImageStreamEngine
{
    private readonly ParsedImageResponse _result = new();
    private readonly Node[] _nodes = new Node[4];
    private readonly List<(int Offset, int Length)> _images = [];
    private int _nodeCount;
    private Property _property;

    private bool _hasUsage;
    private int? _inputTokens;
    private int? _outputTokens;
    private int? _totalTokens;

    public ImagesApiSchema(Utf8StreamFeed feed, ImageParseLimits limits)
        : base(feed, limits)
    {
    }

    private enum Node : byte
    {
        None,
        Root,
        DataList,
        Item,
        Usage,
    }

    private enum Property : byte
    {
        None,
        Data,
        Usage,
        Model,
        B64Json,
        Url,
        RevisedPrompt,
        InputTokens,
        OutputTokens,
        TotalTokens,
        Cost,
    }

    private Node Current => _nodes[_nodeCount - 1];

    protected override bool OnEnterContainer(bool isObject)
    {
        Node node = _nodeCount == 0 ? Node.Root : (Current, _property, isObject) switch
        {
            (Node.Root, Property.Data, false) => Node.DataList,
            (Node.DataList, Property.None, true) => Node.Item,
            (Node.Root, Property.Usage, true) => Node.Usage,
            _ => Node.None,
        };
        _property = Property.None;
        if (node == Node.None)
        {
            return false;
        }

        _nodes[_nodeCount++] = node;
        if (node == Node.Item)
        {
            _result.CandidateCount++;
        }
        else if (node == Node.Usage)
        {
            _hasUsage = true;
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
                Is(ref reader, "data"u8) ? Property.Data
                : Is(ref reader, "usage"u8) ? Property.Usage
                : Is(ref reader, "model"u8) ? Property.Model
                : Property.None,
            Node.Item =>
                Is(ref reader, "b64_json"u8) ? Property.B64Json
                : Is(ref reader, "url"u8) ? Property.Url
                : Is(ref reader, "revised_prompt"u8) ? Property.RevisedPrompt
                : Property.None,
            Node.Usage =>
                Is(ref reader, "input_tokens"u8, "prompt_tokens"u8) ? Property.InputTokens
                : Is(ref reader, "output_tokens"u8, "completion_tokens"u8) ? Property.OutputTokens
                : Is(ref reader, "total_tokens"u8) ? Property.TotalTokens
                : Is(ref reader, "cost"u8) ? Property.Cost
                : Property.None,
            _ => Property.None,
        };
        return _property == Property.B64Json ? StringScan.Base64 : StringScan.None;
    }

    protected override void OnScalar(ref Utf8JsonReader reader)
    {
        switch (_property)
        {
            case Property.Model:
                _result.ModelVersion = AsString(ref reader);
                break;
            case Property.Url when AsString(ref reader) is { Length: > 0 } url:
                _result.ImageUrls.Add(url);
                break;
            case Property.RevisedPrompt when AsString(ref reader) is { Length: > 0 } text:
                if (_result.Text.Length > 0)
                {
                    _result.Text.Append('\n');
                }

                _result.Text.Append(text);
                break;
            case Property.InputTokens:
                _inputTokens = AsInt32(ref reader);
                break;
            case Property.OutputTokens:
                _outputTokens = AsInt32(ref reader);
                break;
            case Property.TotalTokens:
                _totalTokens = AsInt32(ref reader);
                break;
            case Property.Cost:
                _result.ReportedCostUsd = ChatCompletionsSchema.AsDecimal(ref reader);
                break;
        }

        _property = Property.None;
    }

    protected override bool OnBase64Begin() => true;

    protected override void OnBase64End((int Offset, int Length) data)
    {
        if (data.Length > 0)
        {
            _images.Add(data);
        }

        _property = Property.None;
    }

    protected override ParsedImageResponse Complete()
    {
        var mimeTypes = new List<string>(_images.Count);
        foreach (var (offset, length) in _images)
        {
            mimeTypes.Add(ImageMimeTypes.Sniff(Decoder.GetImage(offset, length)));
        }

        byte[] buffer = Decoder.DetachBuffer();
        for (int i = 0; i < _images.Count; i++)
        {
            _result.Images.Add(new ParsedImage(buffer.AsMemory(_images[i].Offset, _images[i].Length), mimeTypes[i]));
        }

        if (_hasUsage)
        {
            _result.Usage = new TokenUsage { InputTokens = _inputTokens, OutputTokens = _outputTokens, TotalTokens = _totalTokens };
        }

        return _result;
    }
}
