using FhirChain.Interop.Er7;

namespace FhirChain.FhirApi.Hl7v2;

/// <summary>The messages of an ER7 file, each as its own text, and the faults of a batch file that are not one message's.</summary>
internal sealed record Er7FileContents(IReadOnlyList<string> Messages, IReadOnlyList<Er7ParseError> BatchErrors)
{
    /// <summary>
    /// Splits a file: an FHS/BHS batch is read with <see cref="Er7Parser.ParseBatch(string)"/>;
    /// otherwise every line starting with <c>MSH</c> starts a new message (blank lines between
    /// messages are ignored by the parser). Text before the first MSH is kept as a message of its
    /// own, so it is rejected rather than silently dropped.
    /// </summary>
    public static Er7FileContents Split(string text)
    {
        var body = text.TrimStart('\uFEFF', '\r', '\n', ' ', '\t');
        if (body.StartsWith("FHS", StringComparison.Ordinal) || body.StartsWith("BHS", StringComparison.Ordinal))
        {
            var batch = Er7Parser.ParseBatch(body);
            return new Er7FileContents([.. batch.Messages.Select(m => m.ToEr7())], batch.Errors);
        }

        var messages = new List<string>();
        var start = 0;
        for (var i = 1; i <= body.Length; i++)
        {
            var atMessageStart = i < body.Length && body[i - 1] is '\r' or '\n' && string.CompareOrdinal(body, i, "MSH", 0, 3) == 0;
            if (atMessageStart || i == body.Length)
            {
                var chunk = body[start..i];
                if (!string.IsNullOrWhiteSpace(chunk))
                {
                    messages.Add(chunk);
                }

                start = i;
            }
        }

        return new Er7FileContents(messages, []);
    }
}
