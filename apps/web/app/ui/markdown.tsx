import type { ReactNode } from "react"

/**
 * The handbook's and bulletins' Markdown, in the little of it they use: headings, lists and
 * paragraphs, with **bold**. Built as React elements (never as HTML), so no text can become markup.
 */
export const Markdown = ({ text }: { text: string }) => {
  const blocks: ReactNode[] = []
  let list: string[] = []
  let paragraph: string[] = []
  const flush = () => {
    if (paragraph.length > 0) blocks.push(<p key={blocks.length}>{inline(paragraph.join(" "))}</p>)
    if (list.length > 0) {
      blocks.push(
        <ul key={blocks.length}>
          {list.map((item, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the list is fixed text, rendered once
            <li key={i}>{inline(item)}</li>
          ))}
        </ul>,
      )
    }
    paragraph = []
    list = []
  }
  for (const line of text.split(/\r?\n/)) {
    const heading = /^(#{1,4})\s+(.*)$/.exec(line)
    const item = /^\s*[-*]\s+(.*)$/.exec(line) ?? /^\s*\d+[.)]\s+(.*)$/.exec(line)
    if (heading !== null) {
      flush()
      blocks.push(<h3 key={blocks.length}>{inline(heading[2] ?? "")}</h3>)
    } else if (item !== null) {
      if (paragraph.length > 0) flush()
      list.push(item[1] ?? "")
    } else if (line.trim() === "") flush()
    else {
      if (list.length > 0) flush()
      paragraph.push(line.trim())
    }
  }
  flush()
  return <div className="markdown">{blocks}</div>
}

const inline = (text: string): ReactNode[] =>
  text.split(/(\*\*[^*]+\*\*)/g).map((part, i) =>
    part.startsWith("**") && part.endsWith("**") && part.length > 4 ? (
      // biome-ignore lint/suspicious/noArrayIndexKey: parts of one fixed string
      <strong key={i}>{part.slice(2, -2)}</strong>
    ) : (
      part
    ),
  )
