import { clip, type ChatList, type ChatMessage, type ChatRun } from './chat-message';
import type { RenderedBody } from './outgoing-event';

// Microsoft Teams Workflows ("Post to a channel when a webhook request is received") body: a message with one
// Adaptive Card attachment. Data goes only into RichTextBlock TextRuns, which the schema says take no Markdown, so a
// device or product name can never become a link or formatting; links are TextRun selectActions and
// Action.OpenUrl buttons built from the dashboard base. Teams refuses messages over about 28 KB: lists are cut,
// longest first, with "… and N more" until the body fits (docs/chat-webhooks.md, "Limits").

/** The Adaptive Card schema version targeted (Teams renders up to 1.5). */
export const ADAPTIVE_CARD_VERSION = '1.5';
/** Body size kept under Teams' ~28 KB message limit, with room for the envelope Teams adds. */
export const TEAMS_MAX_BYTES = 27_000;

type Element = Record<string, unknown>;

/** Renders a chat message as a Teams Workflows webhook body (an Adaptive Card 1.5 attachment). */
export function renderTeams(message: ChatMessage): RenderedBody {
  const lists = message.lists.map((l) => ({ ...l, items: [...l.items] }));
  for (;;) {
    const body = JSON.stringify(envelope(message, lists));
    if (Buffer.byteLength(body) <= TEAMS_MAX_BYTES) return { body, contentType: 'application/json' };
    const longest = lists.reduce<(typeof lists)[number] | undefined>(
      (a, l) => (l.items.length && (!a || l.items.length > a.items.length) ? l : a),
      undefined,
    );
    // Nothing left to cut: runs are clipped and facts few, so this only happens with absurd headings.
    if (!longest) return { body, contentType: 'application/json' };
    longest.items.pop();
    longest.more++;
  }
}

function envelope(message: ChatMessage, lists: ChatList[]): Record<string, unknown> {
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: card(message, lists),
      },
    ],
  };
}

function card(message: ChatMessage, lists: ChatList[]): Record<string, unknown> {
  const body: Element[] = [
    { type: 'TextBlock', text: clip(message.title, 150), size: 'Large', weight: 'Bolder', wrap: true },
    rich(message.lead),
    ...message.facts.map((f) => rich([{ text: `${f.label}: `, bold: true }, ...f.value], 'None')),
    ...lists.flatMap((l) => listElements(l)),
    rich([{ text: message.footer }], 'Medium', true),
  ];
  return {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: ADAPTIVE_CARD_VERSION,
    fallbackText: clip(message.fallback, 1000),
    body,
    actions: message.actions.map((a) => ({ type: 'Action.OpenUrl', title: a.label, url: a.url })),
  };
}

function listElements(list: ChatList): Element[] {
  return [
    rich([{ text: list.heading, bold: true }], 'Medium'),
    ...list.items.map((i) => rich([{ text: '• ' }, ...i], 'None')),
    ...(list.more ? [rich([{ text: `… and ${list.more.toLocaleString('en-US')} more` }], 'None', true)] : []),
  ];
}

function rich(runs: ChatRun[], spacing?: 'None' | 'Medium', subtle = false): Element {
  return {
    type: 'RichTextBlock',
    ...(spacing ? { spacing } : {}),
    inlines: runs.map((r) => ({
      type: 'TextRun',
      text: clip(r.text),
      ...(r.bold ? { weight: 'Bolder' } : {}),
      ...(subtle ? { isSubtle: true } : {}),
      ...(r.url ? { selectAction: { type: 'Action.OpenUrl', url: r.url } } : {}),
    })),
  };
}
