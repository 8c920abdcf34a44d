namespace FhirChain.FhirApi.Auth;

/// <summary>
/// One SMART on FHIR scope: <c>context/Type.perms</c>, v2 (<c>cruds</c> letters) or v1 (<c>read</c>, <c>write</c>, <c>*</c>).
/// Scopes that are not resource scopes (<c>openid</c>, <c>launch</c>, ...) parse to null.
/// </summary>
internal sealed record SmartScope(SmartContext Context, string ResourceType, SmartPermission Permissions)
{
    public static IReadOnlyList<SmartScope> ParseAll(string? scopes) =>
        (scopes ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Parse).OfType<SmartScope>().ToList();

    public static SmartScope? Parse(string scope)
    {
        var slash = scope.IndexOf('/', StringComparison.Ordinal);
        var dot = scope.LastIndexOf('.');
        if (slash < 1 || dot < slash + 2 || dot == scope.Length - 1)
        {
            return null;
        }

        SmartContext? context = scope[..slash] switch
        {
            "patient" => SmartContext.Patient,
            "user" => SmartContext.User,
            "system" => SmartContext.System,
            _ => null,
        };
        var permissions = ParsePermissions(scope[(dot + 1)..].Split('?')[0]);
        if (context is null || permissions == SmartPermission.None)
        {
            return null;
        }

        return new SmartScope(context.Value, scope[(slash + 1)..dot], permissions);
    }

    public bool Grants(string resourceType, SmartPermission permission) =>
        (ResourceType == "*" || ResourceType == resourceType) && (Permissions & permission) == permission;

    private static SmartPermission ParsePermissions(string text) => text switch
    {
        "read" => SmartPermission.Read | SmartPermission.Search,
        "write" => SmartPermission.Create | SmartPermission.Update | SmartPermission.Delete,
        "*" => SmartPermission.All,
        _ => ParseLetters(text),
    };

    private static SmartPermission ParseLetters(string text)
    {
        // v2 letters must appear in the order c r u d s, each at most once.
        const string order = "cruds";
        var result = SmartPermission.None;
        var last = -1;
        foreach (var letter in text)
        {
            var position = order.IndexOf(letter, StringComparison.Ordinal);
            if (position <= last)
            {
                return SmartPermission.None;
            }

            last = position;
            result |= (SmartPermission)(1 << position);
        }

        return result;
    }
}
