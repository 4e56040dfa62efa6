import { clip, type ChatList, type ChatMessage, type ChatRun } from './chat-message';
import type { RenderedBody } from './outgoing-event';

// Slack incoming webhook body: `text` (the notification fallback) and Block Kit `blocks`. Slack's documented limits
// (docs/chat-webhooks.md, "Limits"): 50 blocks a message, 3000 characters a section text, 10 fields of 2000, header
// 150, button text 75, 25 action elements, 10 context elements. Past them Slack refuses the whole message, so
// everything here is cut to fit, lists with "… and N more".

/** Slack Block Kit limits this renderer keeps. */
export const SLACK_LIMITS = {
  blocks: 50,
  sectionText: 3000,
  fields: 10,
  fieldText: 2000,
  header: 150,
  buttonText: 75,
  actions: 25,
  contextElements: 10,
  text: 3000,
} as const;

type Block = Record<string, unknown>;

/** Renders a chat message as a Slack incoming-webhook body. */
export function renderSlack(message: ChatMessage): RenderedBody {
  const blocks: Block[] = [
    {
      type: 'header',
      text: { type: 'plain_text', text: clip(message.title, SLACK_LIMITS.header), emoji: false },
    },
    section(mrkdwnOf(message.lead)),
  ];
  if (message.facts.length)
    blocks.push({
      type: 'section',
      fields: message.facts
        .slice(0, SLACK_LIMITS.fields)
        .map((f) => mrkdwn(clip(`*${escapeMrkdwn(f.label)}*\n${mrkdwnOf(f.value)}`, SLACK_LIMITS.fieldText))),
    });
  // Keep room for the actions and context blocks after the lists.
  const room = SLACK_LIMITS.blocks - blocks.length - 2;
  blocks.push(...message.lists.slice(0, room).map((l) => section(listText(l))));
  if (message.actions.length)
    blocks.push({
      type: 'actions',
      elements: message.actions.slice(0, SLACK_LIMITS.actions).map((a, i) => ({
        type: 'button',
        action_id: `open-${i}`,
        text: { type: 'plain_text', text: clip(a.label, SLACK_LIMITS.buttonText), emoji: false },
        url: a.url,
      })),
    });
  blocks.push({ type: 'context', elements: [mrkdwn(escapeMrkdwn(clip(message.footer)))] });
  const body = { text: clip(escapeMrkdwn(message.fallback), SLACK_LIMITS.text), blocks };
  return { body: JSON.stringify(body), contentType: 'application/json' };
}

/**
 * Slack's three control characters in mrkdwn, escaped as Slack documents. With `<` escaped no data can open a link,
 * a mention or a channel reference; `verbatim` on every text object stops Slack auto-linking URLs and names in it.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Runs as mrkdwn: data escaped and clipped; links only where the message put a url. */
export function mrkdwnOf(runs: ChatRun[]): string {
  return runs
    .map((r) => {
      const text = escapeMrkdwn(clip(r.text));
      const shown = r.bold && text.trim() ? `*${text}*` : text;
      return r.url ? `<${escapeMrkdwn(r.url)}|${shown}>` : shown;
    })
    .join('');
}

/** A list as one section text: as many items as fit in 3000 characters, then "… and N more". */
function listText(list: ChatList): string {
  const head = `*${escapeMrkdwn(list.heading)}*`;
  const lines = list.items.map((i) => `• ${mrkdwnOf(i)}`);
  for (let kept = lines.length; kept >= 0; kept--) {
    const more = list.more + lines.length - kept;
    const text = [
      head,
      ...lines.slice(0, kept),
      ...(more ? [`… and ${more.toLocaleString('en-US')} more`] : []),
    ].join('\n');
    if (text.length <= SLACK_LIMITS.sectionText) return text;
  }
  return clip(head, SLACK_LIMITS.sectionText);
}

function section(text: string): Block {
  return { type: 'section', text: mrkdwn(clip(text, SLACK_LIMITS.sectionText)) };
}

function mrkdwn(text: string): Block {
  return { type: 'mrkdwn', text, verbatim: true };
}
