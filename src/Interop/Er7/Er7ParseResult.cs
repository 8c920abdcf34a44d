using System.Diagnostics.CodeAnalysis;

namespace FhirChain.Interop.Er7;

/// <summary>The outcome of <see cref="Er7Parser.Parse(string)"/>: <see cref="Er7Parsed"/> or <see cref="Er7ParseError"/>.</summary>
public abstract record Er7ParseResult
{
    private protected Er7ParseResult()
    {
    }

    /// <summary>True when the text was a well-formed message.</summary>
    public bool IsSuccess => this is Er7Parsed;

    /// <summary>Gives the message, or the error when parsing failed.</summary>
    public bool TryGetMessage([NotNullWhen(true)] out Hl7Message? message, [NotNullWhen(false)] out Er7ParseError? error)
    {
        switch (this)
        {
            case Er7Parsed parsed:
                message = parsed.Message;
                error = null;
                return true;
            case Er7ParseError failure:
                message = null;
                error = failure;
                return false;
            default:
                throw new InvalidOperationException("Unknown parse result.");
        }
    }
}
