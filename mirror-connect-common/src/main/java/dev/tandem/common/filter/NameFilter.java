package dev.tandem.common.filter;

import java.util.List;

/** An include list and an exclude list of names and regexes; excludes win. Errors name the key of the bad list. */
final class NameFilter {

    private final RegexList include;
    private final RegexList exclude;

    NameFilter(String includeKey, List<String> include, String excludeKey, List<String> exclude) {
        this.include = RegexList.compile(includeKey, include);
        this.exclude = RegexList.compile(excludeKey, exclude);
    }

    boolean accepts(String name) {
        return include.matches(name) && !exclude.matches(name);
    }
}
