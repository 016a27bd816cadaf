import { describe, expect, it } from 'vitest';
import { RemapRules, RemapRulesError } from './story-remap-rules.js';

describe(RemapRules.name, () => {
  const sut = RemapRules.parse(`
# the site moved in 2026
https://old.example.com/about  https://new.example.com/about-us
https://OLD.example.com/*        https://new.example.com/*
https://old.example.com/blog/*   https://blog.example.com/*

http://old.example.com/x/ HTTPS://new.example.com/y/#top
`);

  it('moves by an exact rule before any prefix rule', () => {
    expect(sut.target('https://old.example.com/about')).toBe('https://new.example.com/about-us');
  });

  it('moves by the longest matching prefix', () => {
    expect(sut.target('https://old.example.com/blog/2020/hello')).toBe('https://blog.example.com/2020/hello');
    expect(sut.target('https://old.example.com/news/1?p=2')).toBe('https://new.example.com/news/1?p=2');
  });

  it('normalizes URLs as stories do, and leaves unmatched ones where they are', () => {
    expect(sut.target('http://old.example.com/x')).toBe('https://new.example.com/y');
    expect(sut.target('https://elsewhere.example.com/a')).toBe('https://elsewhere.example.com/a');
    expect(sut.size).toBe(4);
  });

  it.each([
    ['https://a.example.com/x', 'line 2: expected `old-url new-url`'],
    ['https://a.example.com/* https://b.example.com/x', 'line 2: a prefix rule ends both URLs with *'],
    ['ftp://a.example.com/x https://b.example.com/x', 'line 2: not an http(s) URL: ftp://a.example.com/x'],
    [
      'https://a.example.com/* javascript:alert(1)*',
      'line 2: not an http(s) URL prefix: javascript:alert(1)*',
    ],
    ['https://a.example.com/x https://b.example.com/x extra', 'line 2: expected'],
  ])('refuses %s naming its line', (rule, message) => {
    expect(() => RemapRules.parse(`# first\n${rule}\n`)).toThrow(RemapRulesError);
    expect(() => RemapRules.parse(`# first\n${rule}\n`)).toThrow(message);
  });

  it('refuses a second rule for the same old URL, naming the later line', () => {
    const text =
      'https://a.example.com/x https://b.example.com/1\n\nhttps://A.example.com/x/ https://b.example.com/2';
    expect(() => RemapRules.parse(text)).toThrow('line 3: https://A.example.com/x/ already has a rule above');
  });
});
