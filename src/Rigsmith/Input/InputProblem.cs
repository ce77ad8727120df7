namespace Rigsmith.Input;

/// <summary>One thing wrong with a user's file: where it is, which field, what is wrong, and what to do.</summary>
public sealed record InputProblem(string File, int Line, int Column, string Field, string Message, string? Suggestion = null)
{
    /// <summary>"file:line:col: field: message (suggestion)" — the form compilers use, so editors can jump to it.</summary>
    public override string ToString()
    {
        var where = Line > 0 ? $"{File}:{Line}:{Column}" : File;
        var field = string.IsNullOrEmpty(Field) ? "" : $"{Field}: ";
        var hint = Suggestion is null ? "" : $" ({Suggestion})";
        return $"{where}: {field}{Message}{hint}";
    }
}

/// <summary>A value, or the problems that stopped it being made.</summary>
public sealed class LoadResult<T>
    where T : class
{
    private LoadResult(T? value, IReadOnlyList<InputProblem> problems)
    {
        Value = value;
        Problems = problems;
    }

    public T? Value { get; }
    public IReadOnlyList<InputProblem> Problems { get; }
    public bool Ok => Value is not null && Problems.Count == 0;

    public static LoadResult<T> Success(T value) => new(value, []);
    public static LoadResult<T> Failure(IReadOnlyList<InputProblem> problems) => new(null, problems);
}
